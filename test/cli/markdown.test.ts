/** `--format markdown`: a table per service and, for a failing one, a flowchart with the broken link marked. */
import { strict as assert } from "assert";
import { evaluateInProcess } from "../../cli/in-process";
import { formatMarkdown } from "../../cli/markdown";
import type { CheckReport } from "../../cli/report";
import { referenceStack } from "../fixtures/stacks";

const REPORT: CheckReport = { target: "infra", form: "deployed", resourceCount: 0, findings: [] };

describe("markdown report", () => {
  it("marks the missing Secrets Manager path in the table and as a red crossed link in the flowchart", async () => {
    const resources = referenceStack("deployed").remove("secretsmanager-endpoint").resources;
    const markdown = formatMarkdown(
      REPORT,
      (await evaluateInProcess(resources, undefined, { "aws:region": "eu-west-1" })).analysis,
    );
    assert.match(markdown, /^### ❌ ECS service `api-service`$/m);
    assert.match(markdown, /^\| need \| subnet \| path \| verdict \| fix \|$/m);
    assert.match(
      markdown,
      /^\| secretsmanager-secret → secretsmanager \| .* \| ❌ unreachable \| add an interface endpoint/m,
    );
    assert.match(markdown, /^\| ecr-image → ecr\.api \| .* \| ✅ reachable \| — \|$/m);
    const chart = /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1] ?? "";
    const target = /^ {2}(n\d+)\["secretsmanager"\]$/m.exec(chart)?.[1];
    assert.ok(target, chart);
    const links = chart.split("\n").filter((line) => /^ {2}\w+ (-->|--x|-\.->)/.test(line));
    const broken = links.map((line, index) => [line, index] as const).filter(([line]) => line.includes("--x"));
    assert.ok(broken.length > 0 && broken.every(([line]) => line.endsWith(` ${target}`)), chart);
    assert.match(chart, new RegExp(`linkStyle ${broken.map(([, index]) => index).join(",")} stroke:#d1242f`));
  });

  it("has no flowchart for a service whose every path is proved", async () => {
    const markdown = formatMarkdown(
      REPORT,
      (await evaluateInProcess(referenceStack("deployed").resources, undefined, { "aws:region": "eu-west-1" }))
        .analysis,
    );
    assert.match(markdown, /^### ✅ ECS service `api-service`$/m);
    assert.doesNotMatch(markdown, /```mermaid/);
    assert.doesNotMatch(markdown, /❌/);
  });
});
