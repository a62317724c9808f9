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

/** What to do when the SDK the live description needs is not where the pack runs. */
export const INSTALL_SDK_FIX =
  "install the AWS SDK clients where the pack runs (npm install @aws-sdk/client-ec2 @aws-sdk/client-iam next to the pack; for a published pack, list them in its package.json dependencies)";
