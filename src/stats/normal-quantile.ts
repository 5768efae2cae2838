import { checkConfidence, describe, usage } from "./check-input.js";

/**
 * The two-sided z of the confidence levels reports use, correctly rounded (the double nearest the true quantile,
 * computed to 50 digits): 0.95 → Φ⁻¹(0.975) = 1.95996398454005423552… → 1.9599639845400543.
 */
const tabulated: ReadonlyMap<number, number> = new Map([
  [0.9, 1.6448536269514726],
  [0.95, 1.9599639845400543],
  [0.99, 2.575829303548901],
]);

/**
 * The z for a two-sided `confidence` interval: Φ⁻¹(1 − (1 − confidence)/2). Exact (correctly rounded) for 0.9,
 * 0.95 and 0.99; any other level goes through `normalQuantile`.
 */
export function zForConfidence(confidence: number): number {
  checkConfidence(confidence);
  return tabulated.get(confidence) ?? normalQuantile(1 - (1 - confidence) / 2);
}

// Wichura's AS 241 (PPND16) coefficients, lowest power first, as the doubles their 20-digit literals round to.
const a = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const b = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const c = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const d = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const e = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const f = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Σ coefficients[i]·xⁱ by Horner's rule, highest power first (the order of the published algorithm). */
function polynomial(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) sum = sum * x + coefficients[i]!;
  return sum;
}

/**
 * The standard normal quantile Φ⁻¹(p), 0 < p < 1, by Wichura's Algorithm AS 241 (PPND16, Applied Statistics 37(3),
 * 1988), the rational approximation of R's `qnorm` and Python's `statistics.NormalDist.inv_cdf` (whose results it
 * matches bit for bit): relative error about 1e-16, within a few units in the last place of a double.
 */
export function normalQuantile(p: number): number {
  if (typeof p !== "number" || !(p > 0 && p < 1))
    throw usage("p", `a probability strictly between 0 and 1 is needed, got ${describe(p)}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(a, r)) / polynomial(b, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const x =
    r <= 5 ? polynomial(c, r - 1.6) / polynomial(d, r - 1.6) : polynomial(e, r - 5) / polynomial(f, r - 5);
  return q < 0 ? -x : x;
}
