// A missing piece of the lab is always a loud error, never a silent skip.
export class LabError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LabError';
  }
}

export function fail(message) {
  throw new LabError(message);
}
