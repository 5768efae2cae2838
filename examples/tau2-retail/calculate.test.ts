import { describe, expect, it } from "vitest";
import { pyFloatRepr, pyJsonDumpsSorted, pyRound } from "./retail/python.js";
import { calculate } from "./retail/read-operations.js";

// τ²'s calculate is `str(round(float(eval(expression)), 2))` after a character check. Every expected value below is
// what Python 3.11 answers for the same expression (errors as `str(exception)`).
const table: [string, { result: string } | { error: string }][] = [
  ["", { error: "invalid syntax (<string>, line 0)" }],
  [" ", { error: "invalid syntax (<string>, line 0)" }],
  ["2+2", { result: "4.0" }],
  [" 1 ", { result: "1.0" }],
  [
    "01",
    {
      error:
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (<string>, line 1)",
    },
  ],
  ["00", { result: "0.0" }],
  ["00.5", { result: "0.5" }],
  ["1.", { result: "1.0" }],
  [".5", { result: "0.5" }],
  ["1.5.2", { error: "invalid syntax (<string>, line 1)" }],
  ["2**10", { result: "1024.0" }],
  ["2**-1", { result: "0.5" }],
  ["-2**2", { result: "-4.0" }],
  ["3 ** 2 ** 2", { result: "81.0" }],
  ["2**0.5**2", { result: "1.19" }],
  ["7//2", { result: "3.0" }],
  ["-7//2", { result: "-4.0" }],
  ["7.5//-2", { result: "-4.0" }],
  ["-0.0//1", { result: "-0.0" }],
  ["1/0", { error: "division by zero" }],
  ["1.0/0", { error: "float division by zero" }],
  ["1//0", { error: "integer division or modulo by zero" }],
  ["1.0//0", { error: "float floor division by zero" }],
  ["0**-1", { error: "0.0 cannot be raised to a negative power" }],
  ["(-8)**(1/3)", { error: "float() argument must be a string or a real number, not 'complex'" }],
  ["()", { error: "float() argument must be a string or a real number, not 'tuple'" }],
  ["()*2", { error: "float() argument must be a string or a real number, not 'tuple'" }],
  ["()*2.0", { error: "can't multiply sequence by non-int of type 'float'" }],
  ["()+1", { error: 'can only concatenate tuple (not "int") to tuple' }],
  ["-()", { error: "bad operand type for unary -: 'tuple'" }],
  ["2**()", { error: "unsupported operand type(s) for ** or pow(): 'int' and 'tuple'" }],
  ["(1)(2)", { error: "'int' object is not callable" }],
  ["1 2", { error: "invalid syntax (<string>, line 1)" }],
  ["(", { error: "'(' was never closed (<string>, line 1)" }],
  [")", { error: "unmatched ')' (<string>, line 1)" }],
  ["2+)", { error: "unmatched ')' (<string>, line 1)" }],
  ["(2+)", { error: "invalid syntax (<string>, line 1)" }],
  [
    "2 3 01",
    {
      error:
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers (<string>, line 1)",
    },
  ],
  ["2**1000", { result: "1.0715086071862673e+301" }],
  ["2**10000", { error: "int too large to convert to float" }],
  ["10**400/1", { error: "integer division result too large for a float" }],
  ["10.0**400", { error: "(34, 'Numerical result out of range')" }],
  ["10.0**308*10", { result: "inf" }],
  ["((-1)**0.5)/0", { error: "complex division by zero" }],
  ["((-1)**0.5)//2", { error: "unsupported operand type(s) for //: 'complex' and 'int'" }],
  ["0.1+0.2", { result: "0.3" }],
  ["1.005*1", { result: "1.0" }],
  ["9007199254740993", { result: "9007199254740992.0" }],
  ["10000000000000000.0", { result: "1e+16" }],
  ["123456789012345678.9", { result: "1.2345678901234568e+17" }],
  ["1/7", { result: "0.14" }],
  ["2623.69 - 1126.04", { result: "1497.65" }],
  ["(54.04 + 41.64) * 2", { result: "191.36" }],
  ["0.000001", { result: "0.0" }],
  ["1e5", { error: "Invalid characters in expression" }],
  ["5 % 2", { error: "Invalid characters in expression" }],
  ["abs(-1)", { error: "Invalid characters in expression" }],
  ["2**2**2**2", { result: "65536.0" }],
  ["100 ** 0.5", { result: "10.0" }],
  ["10**-2", { result: "0.01" }],
];

function run(expression: string): { result: string } | { error: string } {
  try {
    return { result: calculate({ expression }) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe("calculate, with Python's semantics", () => {
  it.each(table)("%j", (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
});

describe("Python helpers", () => {
  it("rounds like Python's round(): the exact binary value, ties to even", () => {
    const cases: [number, number, number][] = [
      [0.125, 2, 0.12],
      [0.375, 2, 0.38],
      [2.5, 0, 2],
      [3.5, 0, 4],
      [-0.125, 2, -0.12],
      [2.675, 2, 2.67],
      [1.005, 2, 1],
      [78 + 53.22000000000003, 2, 131.22],
      [-19.940000000000055, 2, -19.94],
      [1e20, 2, 1e20],
    ];
    expect(cases.map(([x, n]) => pyRound(x, n))).toEqual(cases.map(([, , y]) => y));
    expect(Object.is(pyRound(-0.004, 2), -0)).toBe(true);
  });

  it("prints floats like Python's str()", () => {
    expect([4, 1e16, 1.5e16, 1e-5, 0.0001, 123.456, -0, 1e22, 2.5e-7].map(pyFloatRepr)).toEqual([
      "4.0",
      "1e+16",
      "1.5e+16",
      "1e-05",
      "0.0001",
      "123.456",
      "-0.0",
      "1e+22",
      "2.5e-07",
    ]);
  });

  it("dumps JSON like Python's json.dumps(sort_keys=True): code-point order, ASCII only", () => {
    expect(pyJsonDumpsSorted({ "\u00e9": "x", "a\u007f": "b", "tab\t": "\u2028" })).toBe(
      '{"a\\u007f": "b", "tab\\t": "\\u2028", "\\u00e9": "x"}',
    );
  });
});
