import { strict as assert } from "assert";
import fc from "fast-check";
import { parseCidr } from "../../model/cidr";

/** The CIDR grammar as a regular expression: the oracle of the hand-written reader. */
function byPattern(cidr: string): { first: number; last: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((octet) => octet > 255) || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const first = Math.floor(octets.reduce((sum, octet) => sum * 256 + octet, 0) / size) * size;
  return { first, last: first + size - 1 };
}

describe("parseCidr", () => {
  it("reads CIDRs and rejects everything else exactly as the grammar says", () => {
    for (const [text, expected] of [
      ["10.0.0.0/16", { first: 167772160, last: 167837695 }],
      ["0.0.0.0/0", { first: 0, last: 2 ** 32 - 1 }],
      [" 10.0.1.7/24 ", { first: 167772416, last: 167772671 }],
      ["255.255.255.255/32", { first: 2 ** 32 - 1, last: 2 ** 32 - 1 }],
      ["010.0.0.0/8", { first: 167772160, last: 184549375 }],
    ] as const)
      assert.deepEqual(parseCidr(text), expected, text);
    for (const text of [
      "10.0.0.0",
      "10.0.0/16",
      "10.0.0.0/33",
      "256.0.0.0/8",
      "1.2.3.4/001",
      "1.2.3.4/1x",
      "::/0",
      "1.2.3.4.5/8",
      "1111.0.0.0/8",
      "1.2.3.4/",
      "",
      "/8",
    ])
      assert.equal(parseCidr(text), undefined, text);
  });

  it("agrees with the regular grammar on generated text", () => {
    const part = fc.oneof(
      fc.nat({ max: 300 }).map(String),
      fc.string({ maxLength: 4 }),
      fc.constantFrom("", "00", "0001"),
    );
    const cidr = fc
      .tuple(
        part,
        part,
        part,
        part,
        fc.oneof(fc.nat({ max: 40 }).map(String), fc.string({ maxLength: 3 })),
        fc.constantFrom(".", ",", "/"),
      )
      .map(([a, b, c, d, bits, sep]) => `${a}.${b}.${c}${sep}${d}/${bits}`);
    fc.assert(
      fc.property(fc.oneof(cidr, fc.string({ maxLength: 24 })), (text) =>
        assert.deepEqual(parseCidr(text), byPattern(text)),
      ),
      { numRuns: 3000 },
    );
  });
});
