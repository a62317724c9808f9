/** What became of the outside facts of one request: shared by the analysis and the rules (no imports, so the pack loads nothing more without context). */

export interface ContextNote {
  message: string;
}

export interface ContextConflict {
  /** The resource the finding is reported on (the stack's own, when the stack has it). */
  urn: string;
  message: string;
}

export interface ContextReport {
  /** Sources used, with how many of their resources joined the model. */
  sources: { origin: string; used: number }[];
  notes: ContextNote[];
  conflicts: ContextConflict[];
  configured: string[];
}
