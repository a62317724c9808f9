/** What a rule is: data (id, texts, default level) plus one function from the analysis to findings. */
import type { StackAnalysis } from "../analysis/analyze";

export type DefaultLevel = "mandatory" | "advisory";

export interface Finding {
  ruleId: string;
  /** The resource to fix. */
  urn: string;
  message: string;
}

export interface Rule {
  /** Stable id, also the file name (lower case) of the rule and of its tests. */
  id: string;
  /** One line: what the rule proves. */
  description: string;
  /** Why it matters: what happens at runtime. */
  explanation: string;
  /** How to fix a violation, in general terms (each finding names its concrete fix). */
  fix: string;
  defaultLevel: DefaultLevel;
  check(analysis: StackAnalysis): Finding[];
}
