import { strict as assert } from "assert";
import { standInAccountNote, standInNote } from "../../cli/check";
import { formatMarkdown } from "../../cli/markdown";
import { CheckReport, formatJson, formatSarif } from "../../cli/report";

describe("the note on ids the offline lookups made up", () => {
  const ids = new Map([
    ["subnet-0123456789abcdef0", "aws:ec2/getSubnets:getSubnets"],
    ["subnet-0123456789abcdef1", "aws:ec2/getSubnets:getSubnets"],
    ["vpc-0123456789abcdef0", "aws:ec2/getVpc:getVpc"],
  ]);

  it("names only the made-up ids a finding shows, grouped by the lookup that answered them", () => {
    const note = standInNote(ids, [
      { message: "subnets subnet-0123456789abcdef0, subnet-0123456789abcdef1 are not in this stack" },
      { message: "something about vpc-0123456789abcdef0" },
    ]);
    assert.equal(
      note,
      "subnet-0123456789abcdef0, subnet-0123456789abcdef1 (from aws:ec2/getSubnets:getSubnets); vpc-0123456789abcdef0 (from aws:ec2/getVpc:getVpc): " +
        "ids the offline run made up for what the lookups return; pulumi preview shows your account's real ones",
    );
  });

  it("says nothing when no finding shows one, or nothing was made up", () => {
    assert.equal(standInNote(ids, [{ message: "no ids here" }]), undefined);
    assert.equal(standInNote(new Map(), [{ message: "subnet-0123456789abcdef0" }]), undefined);
    assert.equal(standInNote(undefined, []), undefined);
  });
});

describe("the run's notes in the report files", () => {
  const base: CheckReport = { target: "infra", form: "preview", resourceCount: 1, findings: [] };
  const note = "subnet-0123456789abcdef0 (from aws:ec2/getSubnets:getSubnets): ids the offline run made up";

  it("JSON lists them, SARIF has them as tool execution notifications, Markdown in a Notes section", () => {
    const report = { ...base, notes: [note] };
    assert.deepEqual((JSON.parse(formatJson(report)) as { notes: string[] }).notes, [note]);
    const sarif = JSON.parse(formatSarif(report, [], "0.1.0", () => ({ uri: "index.ts" }))) as {
      runs: { invocations?: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[];
    };
    assert.deepEqual(sarif.runs[0].invocations, [
      { executionSuccessful: true, toolExecutionNotifications: [{ level: "note", message: { text: note } }] },
    ]);
    assert.match(formatMarkdown(report, undefined), new RegExp(`### Notes\\n\\n- ${note.replace(/[()]/g, "\\$&")}$`));
  });

  it("without notes: JSON has an empty list, SARIF no invocation, Markdown no section", () => {
    assert.deepEqual((JSON.parse(formatJson(base)) as { notes: string[] }).notes, []);
    const sarif = JSON.parse(formatSarif(base, [], "0.1.0", () => ({ uri: "index.ts" }))) as {
      runs: { invocations?: unknown }[];
    };
    assert.equal(sarif.runs[0].invocations, undefined);
    assert.doesNotMatch(formatMarkdown(base, undefined), /### Notes/);
  });
});

describe("the note on the stand-in account", () => {
  it("says which account the offline run answered with when a finding shows it, and how to give the real one", () => {
    const note = standInAccountNote("123456789012", [
      { message: "may not call ecr:BatchGetImage on arn:aws:ecr:eu-west-1:123456789012:repository/app" },
    ]);
    assert.match(
      String(note),
      /^123456789012 in the findings is the account the offline run answered getCallerIdentity with/,
    );
    assert.match(String(note), /pass --account or set accountId/);
  });

  it("says nothing when the account was stated or no finding shows it", () => {
    assert.equal(
      standInAccountNote(undefined, [{ message: "arn:aws:ecr:eu-west-1:123456789012:repository/app" }]),
      undefined,
    );
    assert.equal(standInAccountNote("123456789012", [{ message: "no account here" }]), undefined);
  });
});
