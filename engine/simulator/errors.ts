/**
 * What the simulator cannot do for a program: an invoke it has no answer for, a program that
 * failed, an input it needs and was not given. The offline command reports these as bad input
 * (exit 2); they are never an internal error.
 */
export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationError";
  }
}

/** The program called a data source (an invoke) the simulator does not answer. */
export class UnansweredLookupError extends SimulationError {
  constructor(readonly token: string) {
    super(
      `the program calls ${token}, which the offline check cannot answer; check the stack with pulumi preview --policy-pack instead (or, once deployed, its pulumi stack export with --state)`,
    );
    this.name = "UnansweredLookupError";
  }
}
