// Python's `eval` on the only expressions τ²'s `calculate` lets through (digits, + - * / ( ) . and spaces), with
// Python's semantics: exact integers, true and floor division, `**`, empty tuples, complex results, and Python 3.11's
// error messages. `calculate` then applies `float()`.

type Value =
  | { type: "int"; value: bigint }
  | { type: "float"; value: number }
  | { type: "complex"; re: number; im: number }
  | { type: "tuple" };

/** An exception Python would raise; `message` is `str(exception)`. */
export class PythonError extends Error {
  override readonly name = "PythonError";
}

const syntaxError = (what: string, line = 1) => new PythonError(`${what} (<string>, line ${line})`);
const typeName = (v: Value) => v.type;

type Token = { kind: "number"; text: string } | { kind: "op"; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === " ") {
      i++;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)/.exec(source.slice(i));
    if (number) {
      const text = number[1] as string;
      if (!text.includes(".") && /^0+[1-9]/.test(text)) {
        throw syntaxError(
          "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        );
      }
      tokens.push({ kind: "number", text });
      i += text.length;
      continue;
    }
    const op = ["**", "//"].find((o) => source.startsWith(o, i)) ?? ch;
    if (op === "(") depth++;
    if (op === ")") {
      if (depth === 0) throw syntaxError("unmatched ')'");
      depth--;
    }
    tokens.push({ kind: "op", text: op });
    i += op.length;
  }
  if (depth > 0) throw syntaxError("'(' was never closed");
  return tokens;
}

type Node =
  | { kind: "literal"; value: Value }
  | { kind: "unary"; op: string; operand: Node }
  | { kind: "binary"; op: string; left: Node; right: Node }
  | { kind: "call"; callee: Node; args: Node[] };

function parse(tokens: Token[]): Node {
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (text: string) => {
    const t = peek();
    return t?.kind === "op" && t.text === text;
  };
  const fail = (): never => {
    throw syntaxError("invalid syntax");
  };
  const expression = (): Node => {
    let node = term();
    while (isOp("+") || isOp("-")) {
      const op = (tokens[pos++] as Token).text;
      node = { kind: "binary", op, left: node, right: term() };
    }
    return node;
  };
  const term = (): Node => {
    let node = factor();
    while (isOp("*") || isOp("/") || isOp("//")) {
      const op = (tokens[pos++] as Token).text;
      node = { kind: "binary", op, left: node, right: factor() };
    }
    return node;
  };
  const factor = (): Node => {
    if (isOp("+") || isOp("-")) {
      const op = (tokens[pos++] as Token).text;
      return { kind: "unary", op, operand: factor() };
    }
    return power();
  };
  const power = (): Node => {
    const base = primary();
    if (!isOp("**")) return base;
    pos++;
    return { kind: "binary", op: "**", left: base, right: factor() };
  };
  const primary = (): Node => {
    let node = atom();
    while (isOp("(")) {
      pos++;
      const args = isOp(")") ? [] : [expression()];
      if (!isOp(")")) fail();
      pos++;
      node = { kind: "call", callee: node, args };
    }
    return node;
  };
  const atom = (): Node => {
    const t = peek();
    if (t?.kind === "number") {
      pos++;
      return { kind: "literal", value: numberValue(t.text) };
    }
    if (isOp("(")) {
      pos++;
      if (isOp(")")) {
        pos++;
        return { kind: "literal", value: { type: "tuple" } };
      }
      const inner = expression();
      if (!isOp(")")) fail();
      pos++;
      return inner;
    }
    return fail();
  };
  if (tokens.length === 0) throw syntaxError("invalid syntax", 0);
  const root = expression();
  if (pos !== tokens.length) fail();
  return root;
}

function numberValue(text: string): Value {
  if (text.includes(".")) return { type: "float", value: Number(text.startsWith(".") ? `0${text}` : text) };
  return { type: "int", value: BigInt(text) };
}

function toFloat(v: Value): number {
  if (v.type === "float") return v.value;
  if (v.type === "int") {
    const n = Number(v.value);
    if (!Number.isFinite(n)) throw new PythonError("int too large to convert to float");
    return n;
  }
  throw new PythonError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

const float = (value: number): Value => ({ type: "float", value });

/** int / int: exact operands below 2^53 divide exactly in IEEE; larger ones through a 64-bit scaled quotient. */
function trueDivide(x: bigint, y: bigint): number {
  const limit = 2n ** 53n;
  if (x < limit && x > -limit && y < limit && y > -limit) return Number(x) / Number(y);
  const whole = x / y;
  return Number(whole) + Number(((x % y) * 2n ** 64n) / y) / 2 ** 64;
}

function floatPow(base: number, exponent: number): Value {
  if (exponent === 0 || base === 1) return float(1);
  if (base === -1 && !Number.isFinite(exponent) && !Number.isNaN(exponent)) return float(1);
  if (base === 0 && exponent < 0) throw new PythonError("0.0 cannot be raised to a negative power");
  if (base < 0 && Number.isFinite(exponent) && !Number.isInteger(exponent)) {
    return complexPow({ re: base, im: 0 }, { re: exponent, im: 0 });
  }
  const result = base ** exponent;
  if (!Number.isFinite(result) && Number.isFinite(base) && Number.isFinite(exponent)) {
    throw new PythonError("(34, 'Numerical result out of range')");
  }
  return float(result);
}

function complexPow(base: { re: number; im: number }, exponent: { re: number; im: number }): Value {
  if (exponent.re === 0 && exponent.im === 0) return { type: "complex", re: 1, im: 0 };
  if (base.re === 0 && base.im === 0) {
    if (exponent.im !== 0 || exponent.re < 0) throw new PythonError("0.0 to a negative or complex power");
    return { type: "complex", re: 0, im: 0 };
  }
  const modulus = Math.hypot(base.re, base.im);
  const angle = Math.atan2(base.im, base.re);
  const length = modulus ** exponent.re * Math.exp(-exponent.im * angle);
  const phase = angle * exponent.re + exponent.im * Math.log(modulus);
  return { type: "complex", re: length * Math.cos(phase), im: length * Math.sin(phase) };
}

const asComplex = (v: Value) => (v.type === "complex" ? v : { re: toFloat(v), im: 0 });

function floorDivFloat(a: number, b: number): number {
  if (b === 0) throw new PythonError("float floor division by zero");
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return Object.is(a / b, -0) || a / b < 0 ? -0 : 0;
  let floored = Math.floor(div);
  if (div - floored > 0.5) floored += 1;
  return floored;
}

function unsupported(op: string, a: Value, b: Value): PythonError {
  const symbol = op === "**" ? "** or pow()" : op;
  return new PythonError(`unsupported operand type(s) for ${symbol}: '${typeName(a)}' and '${typeName(b)}'`);
}

function binary(op: string, a: Value, b: Value): Value {
  if (a.type === "tuple" || b.type === "tuple") return tupleBinary(op, a, b);
  if (a.type === "int" && b.type === "int") {
    const x = a.value;
    const y = b.value;
    switch (op) {
      case "+":
        return { type: "int", value: x + y };
      case "-":
        return { type: "int", value: x - y };
      case "*":
        return { type: "int", value: x * y };
      case "/": {
        if (y === 0n) throw new PythonError("division by zero");
        const q = trueDivide(x, y);
        if (!Number.isFinite(q)) throw new PythonError("integer division result too large for a float");
        return float(q);
      }
      case "//": {
        if (y === 0n) throw new PythonError("integer division or modulo by zero");
        const q = x / y;
        return { type: "int", value: x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q };
      }
      default:
        if (y < 0n) return floatPow(toFloat(a), toFloat(b));
        if (x !== 0n && x !== 1n && x !== -1n && BigInt(x.toString(2).length) * y > 200_000n) {
          throw new PythonError("int too large to convert to float");
        }
        return { type: "int", value: x ** y };
    }
  }
  if (a.type === "complex" || b.type === "complex") {
    const x = asComplex(a);
    const y = asComplex(b);
    switch (op) {
      case "+":
        return { type: "complex", re: x.re + y.re, im: x.im + y.im };
      case "-":
        return { type: "complex", re: x.re - y.re, im: x.im - y.im };
      case "*":
        return { type: "complex", re: x.re * y.re - x.im * y.im, im: x.re * y.im + x.im * y.re };
      case "/": {
        const d = y.re * y.re + y.im * y.im;
        if (d === 0) throw new PythonError("complex division by zero");
        return { type: "complex", re: (x.re * y.re + x.im * y.im) / d, im: (x.im * y.re - x.re * y.im) / d };
      }
      case "//":
        throw unsupported(op, a, b);
      default:
        return complexPow(x, y);
    }
  }
  const x = toFloat(a);
  const y = toFloat(b);
  switch (op) {
    case "+":
      return float(x + y);
    case "-":
      return float(x - y);
    case "*":
      return float(x * y);
    case "/":
      if (y === 0) throw new PythonError("float division by zero");
      return float(x / y);
    case "//":
      return float(floorDivFloat(x, y));
    default:
      return floatPow(x, y);
  }
}

function tupleBinary(op: string, a: Value, b: Value): Value {
  if (op === "+") {
    if (a.type === "tuple" && b.type === "tuple") return a;
    if (a.type === "tuple")
      throw new PythonError(`can only concatenate tuple (not "${typeName(b)}") to tuple`);
    throw unsupported(op, a, b);
  }
  if (op === "*") {
    const other = a.type === "tuple" ? b : a;
    if (other.type === "int") return { type: "tuple" };
    throw new PythonError(`can't multiply sequence by non-int of type '${typeName(other)}'`);
  }
  throw unsupported(op, a, b);
}

function evaluate(node: Node): Value {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "unary": {
      const v = evaluate(node.operand);
      if (v.type === "tuple") throw new PythonError(`bad operand type for unary ${node.op}: 'tuple'`);
      if (node.op === "+") return v;
      if (v.type === "int") return { type: "int", value: -v.value };
      if (v.type === "float") return float(-v.value);
      return { type: "complex", re: -v.re, im: -v.im };
    }
    case "binary":
      return binary(node.op, evaluate(node.left), evaluate(node.right));
    case "call": {
      const callee = evaluate(node.callee);
      for (const arg of node.args) evaluate(arg);
      throw new PythonError(`'${typeName(callee)}' object is not callable`);
    }
  }
}

/** `float(eval(expression))` with Python's semantics, for expressions made of `0-9 + - * / ( ) .` and spaces. */
export function pythonFloatOfExpression(expression: string): number {
  // eval() strips leading and trailing spaces and tabs before parsing.
  return toFloat(evaluate(parse(tokenize(expression.replace(/^[ \t]+|[ \t]+$/g, "")))));
}
