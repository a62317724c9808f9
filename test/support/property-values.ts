/** Generated property values as the engine sends them: JSON-like, with its special values mixed in. */
import * as fc from "fast-check";
import { secretValue } from "../../cli/analyzerClient";
import { UNKNOWN } from "../../model/unknown";

// A JSON-like value with the engine's special values mixed in.
export const leaf = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constant(UNKNOWN),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
export const { value: propertyValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 5 }),
    tie("value").map((value) => secretValue(value)),
  ),
}));
