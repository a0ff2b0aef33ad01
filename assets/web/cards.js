// Card numbers are masked in this browser before a message is sent or kept, by the same rule
// as the server's (src/policy/cards.rs; the server masks again): digits of any script whose
// issuer prefix allows their length and that pass the Luhn check, in groups split by any
// spaces, - . / or _. tests/web.rs checks that these tables equal the server's and that this
// code masks exactly as the server does.
"use strict";

// Issuer ranges: [brand, first prefix, last prefix, lengths].
const CARD_RANGES = [
  ["Visa", "4", "4", [13, 16, 19]],
  ["Mastercard", "51", "55", [16]],
  ["Mastercard", "2221", "2720", [16]],
  ["American Express", "34", "34", [15]],
  ["American Express", "37", "37", [15]],
  ["Discover", "6011", "6011", [16, 17, 18, 19]],
  ["Discover", "644", "649", [16, 17, 18, 19]],
  ["Discover", "65", "65", [16, 17, 18, 19]],
  ["Discover", "622126", "622925", [16, 17, 18, 19]],
  ["JCB", "3528", "3589", [16, 17, 18, 19]],
  ["Diners Club", "300", "305", [14, 15, 16, 17, 18, 19]],
  ["Diners Club", "309", "309", [14, 15, 16, 17, 18, 19]],
  ["Diners Club", "36", "36", [14, 15, 16, 17, 18, 19]],
  ["Diners Club", "38", "39", [14, 15, 16, 17, 18, 19]],
  ["UnionPay", "62", "62", [16, 17, 18, 19]],
  ["UnionPay", "81", "81", [16, 17, 18, 19]],
  ["Maestro", "50", "50", [12, 13, 14, 15, 16, 17, 18, 19]],
  ["Maestro", "56", "69", [12, 13, 14, 15, 16, 17, 18, 19]],
  ["Mir", "2200", "2204", [16, 17, 18, 19]],
  ["BORICA", "2205", "2205", [16]],
  ["RuPay", "60", "60", [16]],
  ["RuPay", "65", "65", [16]],
  ["RuPay", "81", "82", [16]],
  ["RuPay", "353", "353", [16]],
  ["RuPay", "356", "356", [16]],
  ["RuPay", "508", "508", [16]],
  ["Troy", "65", "65", [16]],
  ["Troy", "9792", "9792", [16]],
  ["Verve", "506099", "506198", [16, 18, 19]],
  ["Verve", "507865", "507964", [16, 18, 19]],
  ["Verve", "650002", "650027", [16, 18, 19]],
  ["Dankort", "5019", "5019", [16]],
  ["InterPayment", "636", "636", [16, 17, 18, 19]],
  ["InstaPayment", "637", "639", [16]],
  ["UkrCard", "60400100", "60420099", [16, 17, 18, 19]],
  ["LankaPay", "357111", "357111", [16]],
  ["China T-Union", "31", "31", [19]],
  ["UzCard", "8600", "8600", [16]],
  ["Humo", "9860", "9860", [16]],
  ["NAPAS", "9704", "9704", [16, 19]],
  ["GPN", "1946", "1946", [16, 18, 19]]
];

// The zero of every run of Unicode decimal digits.
const DIGIT_ZEROS = [
  48, 1632, 1776, 1984, 2406, 2534, 2662, 2790, 2918, 3046, 3174, 3302, 3430, 3558, 3664, 3792,
  3872, 4160, 4240, 6112, 6160, 6470, 6608, 6784, 6800, 6992, 7088, 7232, 7248, 42528, 43216,
  43264, 43472, 43504, 43600, 44016, 65296, 66720, 68912, 68928, 69734, 69872, 69942, 70096,
  70384, 70736, 70864, 71248, 71360, 71376, 71386, 71472, 71904, 72016, 72688, 72784, 73040,
  73120, 73184, 73552, 90416, 92768, 92864, 93008, 93552, 118000, 120782, 120792, 120802,
  120812, 120822, 123200, 123632, 124144, 124401, 125264, 130032,
];

const IBAN_COUNTRIES = new Set(("AD AE AL AT AZ BA BE BG BH BI BR BY CH CR CY CZ DE DJ DK DO EE EG ES " +
  "FI FK FO FR GB GE GI GL GR GT HN HR HU IE IL IQ IS IT JO KW KZ LB LC LI LT LU LV LY MC MD ME " +
  "MK MN MR MT MU NI NL NO OM PK PL PS PT QA RO RS RU SA SC SD SE SI SK SM SO ST SV TL TN TR UA " +
  "VA VG XK YE").split(" "));

const SEPARATOR = /^[\s\u0085\-._/\u00ad\u200b-\u200d\u2060\ufeff\u2010-\u2015\u2212\ufe58\ufe63\uff0d\u00b7\u2024\u2027\u30fb\uff0e\uff65\u2044\u2215\uff0f\uff3f]$/u;
const [OTHER, DIGIT, HIDDEN, SPACE, PLUS, LETTER] = [0, 1, 2, 3, 4, 5];

function digitValue(cp) {
  let lo = 0, hi = DIGIT_ZEROS.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (DIGIT_ZEROS[mid] <= cp) lo = mid + 1; else hi = mid; }
  return lo > 0 && cp - DIGIT_ZEROS[lo - 1] < 10 ? cp - DIGIT_ZEROS[lo - 1] : -1;
}

// One cell per character: { at (UTF-16 offset), end, kind, value }.
function cardCells(text) {
  const cells = [];
  let at = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0), d = digitValue(cp);
    let kind = OTHER, value = 0;
    if (d >= 0) { kind = DIGIT; value = d; }
    else if (ch === "*") kind = HIDDEN;
    else if (SEPARATOR.test(ch)) kind = SPACE;
    else if (ch === "+") kind = PLUS;
    else if (/^[A-Za-z]$/.test(ch)) { kind = LETTER; value = ch.toUpperCase().charCodeAt(0) - 55; }
    cells.push({ at, end: at + ch.length, kind, value });
    at += ch.length;
  }
  setIbansAside(cells);
  return cells;
}

// Digits of valid IBANs (mod-97 check) are no card's.
function setIbansAside(cells) {
  const alnum = (c) => c && (c.kind === DIGIT || c.kind === LETTER);
  for (let i = 0; i + 4 <= cells.length;) {
    const [c1, c2, d1, d2] = cells.slice(i, i + 4);
    let best = -1;
    if ((i === 0 || !alnum(cells[i - 1])) && c1.kind === LETTER && c2.kind === LETTER &&
        d1.kind === DIGIT && d2.kind === DIGIT &&
        IBAN_COUNTRIES.has(String.fromCharCode(c1.value + 55, c2.value + 55))) {
      const head = c1.value * 10000 + c2.value * 100 + d1.value * 10 + d2.value;
      let remainder = 0, count = 4, j = i + 4;
      while (count < 34) {
        const at = cells[j] && cells[j].kind === SPACE && alnum(cells[j + 1]) ? j + 1 : j;
        if (!alnum(cells[at])) break;
        const v = cells[at].value;
        remainder = (remainder * (cells[at].kind === DIGIT ? 10 : 100) + v) % 97;
        count += 1;
        j = at + 1;
        if (count >= 15 && !alnum(cells[j]) && (remainder * 1000000 + head) % 97 === 1) best = j;
      }
    }
    if (best < 0) { i += 1; continue; }
    for (let k = i; k < best; k++) if (cells[k].kind === DIGIT) cells[k].kind = OTHER;
    i = best;
  }
}

function isCardNumber(digits) {
  if (digits.length < 12 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i];
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  if (sum % 10 !== 0) return false;
  const text = digits.join("");
  return CARD_RANGES.some(([, from, to, lengths]) => lengths.includes(digits.length) &&
    text.slice(0, from.length) >= from && text.slice(0, from.length) <= to);
}

// Stretches of digits and "*" joined by separators, as groups { start, end, digits, hidden, mayStart }.
function cardStretches(cells) {
  const out = [];
  const symbol = (c) => c && (c.kind === DIGIT || c.kind === HIDDEN);
  let i = 0;
  while (i < cells.length) {
    if (cells[i].kind !== DIGIT) { i += 1; continue; }
    const groups = [];
    let group = { start: i, end: i, digits: 0, hidden: false, mayStart: !(i > 0 && cells[i - 1].kind === PLUS) };
    let j = i, lastDigitEnd = i;
    for (;;) {
      const c = cells[j];
      if (c && c.kind === DIGIT) { group.digits += 1; j += 1; group.end = j; lastDigitEnd = j; }
      else if (c && c.kind === HIDDEN) { group.hidden = true; j += 1; group.end = j; }
      else if (c && c.kind === SPACE) {
        let k = j;
        while (cells[k] && cells[k].kind === SPACE) k += 1;
        if (!symbol(cells[k])) break;
        groups.push(group);
        group = { start: k, end: k, digits: 0, hidden: false, mayStart: true };
        j = k;
      } else break;
    }
    groups.push(group);
    while (groups.length && groups[groups.length - 1].start >= lastDigitEnd) groups.pop();
    const last = groups[groups.length - 1];
    if (last.end > lastDigitEnd) {
      last.end = lastDigitEnd;
      last.hidden = cells.slice(last.start, last.end).some((c) => c.kind === HIDDEN);
    }
    out.push(groups);
    i = Math.max(j, i + 1);
  }
  return out;
}

// The card numbers of a text: { start, end } cell ranges and their digit counts.
function cardNumbers(cells) {
  const found = [];
  for (const groups of cardStretches(cells)) {
    const joined = [];
    for (let first = 0; first < groups.length; first++) {
      if (groups[first].hidden || !groups[first].mayStart) continue;
      const digits = [];
      for (let last = first; last < groups.length; last++) {
        const g = groups[last];
        if (g.hidden || (last > first && groups[last - 1].digits < 4) || digits.length + g.digits > 19) break;
        for (const c of cells.slice(g.start, g.end)) if (c.kind === DIGIT) digits.push(c.value);
        if (!isCardNumber(digits)) continue;
        const top = joined[joined.length - 1];
        if (top && first <= top[1]) top[1] = Math.max(top[1], last); else joined.push([first, last]);
      }
    }
    for (const [first, last] of joined) {
      let digits = 0;
      for (let g = first; g <= last; g++) digits += groups[g].digits;
      found.push({ start: groups[first].start, end: groups[last].end, digits });
    }
  }
  return found;
}

// The text with every card number's middle digits as "*": the last four stay, and at most
// six of the first, never more shown than hidden. Returns { text, cards }.
function maskCards(text) {
  const cells = cardCells(text);
  const found = cardNumbers(cells);
  if (found.length === 0) return { text, cards: 0 };
  const hide = new Array(cells.length).fill(false);
  for (const n of found) {
    const first = Math.min(6, Math.max(0, Math.floor(n.digits / 2) - 4)), last = Math.min(4, n.digits);
    let seen = 0;
    for (let i = n.start; i < n.end; i++) {
      if (cells[i].kind !== DIGIT) continue;
      hide[i] = seen >= first && seen < n.digits - last;
      seen += 1;
    }
  }
  let out = "";
  cells.forEach((c, i) => { out += hide[i] ? "*" : text.slice(c.at, c.end); });
  return { text: out, cards: found.length };
}

function hasCard(text) { return cardNumbers(cardCells(text)).length > 0; }
