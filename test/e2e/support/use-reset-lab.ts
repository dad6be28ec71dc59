import { afterAll, beforeAll } from 'vitest';
import { lab, type Lab } from '../../lab/api/lab.js';

/** The shared lab, reset to its starting state (links up, hosts empty) before the enclosing describe block's tests and after them. */
export function useResetLab(): Lab {
  const l = lab();
  beforeAll(() => l.reset());
  afterAll(() => l.reset());
  return l;
}
