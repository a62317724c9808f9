/**
 * The readers' fallbacks are the provider's: for every value the provider-fact table gives an
 * unset attribute (a Check default, or a create-time value that depends on nothing else), a
 * resource without the attribute reads into the same stack model as one that holds the table's
 * value. A reader that falls back to anything else (a hand-written `?? true` that disagrees
 * with the table) fails here, naming the type and attribute.
 */
import { strict as assert } from "assert";
import { PROVIDER_FACTS } from "../../engine/provider-facts";
import type { Properties, StackResource } from "../../engine/stack-resource";
import { buildStackModel } from "../../policies/stack/build";

interface UnsetCase {
  type: string;
  /** `a` or `a.b` (in block `a`). */
  path: string;
  value: unknown;
}

/** The values the table gives unset attributes, where they do not depend on other inputs. */
function unsetCases(): UnsetCase[] {
  const cases: UnsetCase[] = [];
  for (const [type, facts] of Object.entries(PROVIDER_FACTS)) {
    for (const [path, value] of Object.entries(facts.defaults)) cases.push({ type, path, value });
    for (const [path, attribute] of Object.entries(facts.optionalComputed)) {
      if (attribute.reads !== undefined) continue;
      const created = attribute.whenUnset({});
      if (created.known && created.value !== undefined) cases.push({ type, path, value: created.value });
    }
  }
  return cases;
}

/** One resource of the type, holding `value` at `path` or nothing there (`a.b`: block `a` present, empty). */
function resource(type: string, path: string, value: unknown | undefined): StackResource {
  const [block, attribute] = path.split(".");
  const properties: Properties = { id: `${type.split(":").pop()!.toLowerCase()}-0a1b2c3d` };
  if (attribute === undefined) {
    if (value !== undefined) properties[block] = value;
  } else {
    properties[block] = value === undefined ? {} : { [attribute]: value };
  }
  return {
    type,
    urn: `urn:pulumi:dev::shop::${type}::r`,
    name: "r",
    properties,
    dependencies: [],
    propertyDependencies: {},
  };
}

/** The model as comparable JSON: maps as entries, the unknown symbol as a string. */
function modelJson(resources: StackResource[]): string {
  const model = buildStackModel(resources);
  const { resources: _input, ...derived } = model;
  void _input;
  return JSON.stringify(derived, (_key, value: unknown) =>
    value instanceof Map ? [...value.entries()] : typeof value === "symbol" ? String(value) : value,
  );
}

/**
 * Where the model holds the table's value in another form, and why that is the same value.
 * Each entry must be a case of the table (checked below), so none outlives its reason.
 */
const SAME_VALUE_IN_ANOTHER_FORM: Readonly<Record<string, string>> = {
  "aws:ec2/vpcEndpoint:VpcEndpoint policy":
    "an endpoint without a policy holds none in the model, which the analysis reads as AWS's full-access default (policies/analysis/network/endpoints.ts: 'No policy: full access')",
};

describe("the readers' defaults are the provider-fact table's", () => {
  const cases = unsetCases();

  it("every exception names a value the table gives", () => {
    const names = new Set(cases.map(({ type, path }) => `${type} ${path}`));
    assert.deepEqual(
      Object.keys(SAME_VALUE_IN_ANOTHER_FORM).filter((name) => !names.has(name)),
      [],
    );
  });

  it("the table gives values to check (defaults and certain create-time values)", () => {
    assert.ok(cases.length > 30, `${cases.length} cases`);
  });

  for (const { type, path, value } of cases) {
    if (SAME_VALUE_IN_ANOTHER_FORM[`${type} ${path}`]) continue;
    it(`${type} ${path}: unset reads as ${JSON.stringify(value)}`, () => {
      assert.equal(
        modelJson([resource(type, path, undefined)]),
        modelJson([resource(type, path, value)]),
        `a ${type} without ${path} must read as one with the table's ${JSON.stringify(value)}`,
      );
    });
  }
});
