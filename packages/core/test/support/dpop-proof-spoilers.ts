// Every way the differential test spoils a DPoP proof (RFC 9449 §4.3), each with the finite list of
// values it takes: a header member, a jwk member, a claim, a time around each window's edge, the
// bytes and the text of each part, the signature, the proof's dots, the check's clock.
import {
  type Draft,
  NOW,
  NOW_SECONDS,
  SIGNER_NAMES,
  type Signer,
  type SignerName,
  type VALID_ALGORITHMS,
  validDraft,
} from './dpop-proof-drafts.js';

/** Removes the member instead of setting it. */
export const DELETE = '«delete»';

/** A spoiler: what it changes, the values it takes, and how. */
export interface Spoiler {
  readonly name: string;
  readonly values: readonly unknown[];
  readonly apply: (draft: Draft, value: unknown, signers: Record<SignerName, { jwk: object }>) => void;
}

function set(target: Record<string, unknown>, member: string, value: unknown) {
  if (value === DELETE) delete target[member];
  else target[member] = value;
}

const around = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Changes to a base64url text: lenient forms jose decodes, and forms it refuses.
const TEXT_FORMS: Readonly<Record<string, (text: string) => string>> = {
  'pad =': (t) => `${t}=`,
  'pad ==': (t) => `${t}==`,
  'pad inside': (t) => `${t.slice(0, 4)}=${t.slice(4)}`,
  space: (t) => `${t.slice(0, 5)} ${t.slice(5)}`,
  tab: (t) => `${t.slice(0, 5)}\t${t.slice(5)}`,
  newline: (t) => `${t}\n`,
  'standard alphabet': (t) => t.replace(/-/g, '+').replace(/_/g, '/'),
  'plus added': (t) => `${t.slice(0, 3)}+${t.slice(3)}`,
  'bad character': (t) => `${t.slice(0, 3)}*${t.slice(3)}`,
  'non-ASCII': (t) => `${t.slice(0, 3)}é${t.slice(3)}`,
  'last dropped': (t) => t.slice(0, -1),
  'A added': (t) => `${t}A`,
  'AA added': (t) => `${t}AA`,
  empty: () => '',
};

// Changes to a jwk member's own value.
const MEMBER_FORMS: Readonly<Record<string, (value: unknown) => unknown>> = {
  '«wrapped»': (v) => [v],
  '«é appended»': (v) => `${v}é`,
  '«= appended»': (v) => `${v}=`,
  '«space inside»': (v) => `${String(v).slice(0, 4)} ${String(v).slice(4)}`,
  '«standard alphabet»': (v) => String(v).replace(/-/g, '+').replace(/_/g, '/'),
  '«AA prepended»': (v) => `AA${v}`,
  '«AAAA prepended»': (v) => `AAAA${v}`,
  '«two dropped»': (v) => String(v).slice(0, -2),
  '«as number»': (v) => Number(v),
};

const JWK_VALUES: readonly unknown[] = [
  DELETE,
  ...Object.keys(MEMBER_FORMS),
  '',
  'EC',
  'RSA',
  'OKP',
  'oct',
  'P-256',
  'P-384',
  'Ed25519',
  'Ed448',
  'secp256k1',
  'sig',
  'enc',
  'ES256',
  'PS256',
  'RS256',
  'EdDSA',
  'verify',
  ['verify'],
  ['sign'],
  [],
  ['verify', 'verify'],
  ['verify', 'sign'],
  ['verify', 5],
  ['encrypt'],
  ['P-256'],
  true,
  false,
  'true',
  1,
  0,
  null,
  {},
  { toString: 1 },
  'A'.repeat(683),
  'A'.repeat(684),
  'AQAB',
  'AQAD',
  65537,
];

const JWK_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'alg', 'use', 'key_ops', 'ext', 'priv', 'kid', 'd', 'k', 'oth'];

// Bytes in place of a part's JSON.
function bytesOf(json: Record<string, unknown>, form: string): Buffer {
  const text = JSON.stringify(json);
  const withNote = (bytes: number[]) =>
    Buffer.concat([Buffer.from(`${text.slice(0, -1)},"note":"`), Buffer.from(bytes), Buffer.from('"}')]);
  const forms: Record<string, () => Buffer> = {
    BOM: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    'bad UTF-8': () => withNote([0xff]),
    'overlong UTF-8': () => withNote([0xc0, 0xaf]),
    'UTF-8 surrogate': () => withNote([0xed, 0xa0, 0x80]),
    'U+FFFD': () => withNote([0xef, 0xbf, 0xbd]),
    'not JSON': () => Buffer.from(text.slice(0, -1)),
    array: () => Buffer.from(`[${text}]`),
    null: () => Buffer.from('null'),
    string: () => Buffer.from('"x"'),
    number: () => Buffer.from('5'),
    empty: () => Buffer.alloc(0),
    'duplicate members, last HS256': () => Buffer.from(`${text.slice(0, -1)},"alg":"HS256"}`),
    'duplicate members, last ES256': () => Buffer.from(`{"alg":"HS256",${text.slice(1)}`),
    'a __proto__ member': () => Buffer.from(`{"__proto__":{"typ":"dpop+jwt"},${text.slice(1)}`),
    'iat 1e400': () => Buffer.from(text.replace(/"iat":[^,}]+/, '"iat":1e400')),
    'iat -1e400': () => Buffer.from(text.replace(/"iat":[^,}]+/, '"iat":-1e400')),
    'nbf 1e400': () => Buffer.from(`${text.slice(0, -1)},"nbf":1e400}`),
    'exp -1e400': () => Buffer.from(`${text.slice(0, -1)},"exp":-1e400}`),
    'iat 1e-400': () => Buffer.from(text.replace(/"iat":[^,}]+/, '"iat":1e-400')),
  };
  return forms[form]!();
}
const BYTE_FORMS = [
  'BOM',
  'bad UTF-8',
  'overlong UTF-8',
  'UTF-8 surrogate',
  'U+FFFD',
  'not JSON',
  'array',
  'null',
  'string',
  'number',
  'empty',
  'duplicate members, last HS256',
  'duplicate members, last ES256',
  'a __proto__ member',
  'iat 1e400',
  'iat -1e400',
  'nbf 1e400',
  'exp -1e400',
  'iat 1e-400',
];

const SIGNATURE_FORMS: Readonly<Record<string, (signature: Buffer) => Buffer>> = {
  'first bit flipped': (s) => Buffer.concat([Buffer.from([s[0]! ^ 1]), s.subarray(1)]),
  'last bit flipped': (s) => Buffer.concat([s.subarray(0, -1), Buffer.from([s.at(-1)! ^ 0x80])]),
  'one byte short': (s) => s.subarray(0, -1),
  'one byte long': (s) => Buffer.concat([s, Buffer.from([0])]),
  'zero first': (s) => Buffer.concat([Buffer.from([0]), s]),
  'halves swapped': (s) => Buffer.concat([s.subarray(s.length / 2), s.subarray(0, s.length / 2)]),
  doubled: (s) => Buffer.concat([s, s]),
  empty: () => Buffer.alloc(0),
  zeros: (s) => Buffer.alloc(s.length),
};

const PROOF_FORMS: Readonly<Record<string, (proof: string) => string>> = {
  'dot appended': (p) => `${p}.`,
  'dot prepended': (p) => `.${p}`,
  'part appended': (p) => `${p}.e30`,
  'signature dropped': (p) => p.slice(0, p.lastIndexOf('.')),
  'header only': (p) => p.slice(0, p.indexOf('.')),
  'dots doubled': (p) => p.replace('.', '..'),
  'payload emptied': (p) => p.replace(/\.[^.]*\./, '..'),
  'two dots only': () => '..',
  empty: () => '',
  'space before': (p) => ` ${p}`,
};

const setUnencoded = (draft: Draft, payload: string | undefined) => {
  draft.header.crit = ['b64'];
  draft.header.b64 = payload === undefined;
  if (payload !== undefined) draft.payloadBytes = Buffer.from(payload);
};

export const SPOILERS: readonly Spoiler[] = [
  {
    name: 'alg',
    values: [
      DELETE,
      'ES384',
      'HS256',
      'none',
      '',
      5,
      null,
      'es256',
      'RS512',
      'Ed25519',
      'ES256',
      'PS256',
      'RS256',
      'EdDSA',
    ],
    apply: (d, v) => set(d.header, 'alg', v),
  },
  {
    name: 'signer',
    values: SIGNER_NAMES,
    apply: (d, v) => {
      d.signer = v as SignerName;
    },
  },
  {
    name: 'jwk',
    values: [
      ...SIGNER_NAMES,
      DELETE,
      'a string',
      [],
      null,
      5,
      {},
      { kty: 'oct', k: 'AAAA' },
      { kty: 'RSA', n: 'A'.repeat(684), e: 'AQAB' },
      { kty: 'RSA', n: 'A'.repeat(683), e: 'AQAB' },
      { kty: 'EC' },
      { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) },
    ],
    apply: (d, v, signers) => {
      const named = typeof v === 'string' && v in signers ? { ...signers[v as SignerName].jwk } : v;
      set(d.header, 'jwk', named);
    },
  },
  {
    name: 'jwk member',
    values: JWK_MEMBERS.flatMap((member) => JWK_VALUES.map((value) => [member, value])),
    apply: (d, v) => {
      const [member, value] = v as [string, unknown];
      const jwk = d.header.jwk as Record<string, unknown>;
      if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return;
      const form = typeof value === 'string' ? MEMBER_FORMS[value] : undefined;
      if (form === undefined) set(jwk, member, value);
      else if (jwk[member] !== undefined) jwk[member] = form(jwk[member]);
    },
  },
  {
    name: 'typ',
    values: [
      DELETE,
      'DPoP+JWT',
      'application/dpop+jwt',
      'APPLICATION/DPOP+JWT',
      'jwt',
      'JWT',
      'application/jwt',
      'dpop+jwt ',
      'dpop+jwtx',
      'text/dpop+jwt',
      'application/dpop+jwt; x',
      'application/application/dpop+jwt',
      '',
      5,
      null,
      ['dpop+jwt'],
    ],
    apply: (d, v) => set(d.header, 'typ', v),
  },
  {
    name: 'crit',
    values: [['b64'], [], ['x'], 'b64', [''], ['b64', 'b64'], ['b64', 'x'], ['x', 'b64'], [5], null, ['exp'], {}],
    apply: (d, v) => set(d.header, 'crit', v),
  },
  { name: 'b64', values: [true, false, 'false', 0, null], apply: (d, v) => set(d.header, 'b64', v) },
  {
    name: 'unencoded payload',
    values: ['abc', '', 'é', '{"jti":"p1"}', undefined],
    apply: (d, v) => setUnencoded(d, v as string | undefined),
  },
  {
    name: 'header member',
    values: [
      ['kid', 'k1'],
      ['nonce', 'n1'],
      ['jku', 'https://x.test/jwks'],
      ['x5c', ['AAAA']],
      ['b64', true],
    ],
    apply: (d, v) => set(d.header, ...(v as [string, unknown])),
  },
  {
    name: 'claim',
    values: ['jti', 'htm', 'htu', 'ath', 'nonce', 'iat', 'nbf', 'exp'].flatMap((claim) =>
      [DELETE, '', 5, null, 'x', [], {}, true, 'GET', 'get', 'HTTPS://API.test:443/orders'].map((v) => [claim, v]),
    ),
    apply: (d, v) => set(d.claims, ...(v as [string, unknown])),
  },
  {
    name: 'time',
    values: ['iat', 'nbf', 'exp'].flatMap((claim) =>
      [...around(-70, 70), -65.5, -64.5, 4.5, 5.5, 1e300, -1e300].map((offset) => [claim, offset]),
    ),
    apply: (d, v) => {
      const [claim, offset] = v as [string, number];
      d.claims[claim] = NOW_SECONDS + offset;
    },
  },
  {
    name: 'now',
    values: [
      ...[-6001, -6000, -5001, -5000, -1, 1, 999, 5999, 6000, 64_999, 65_000, 65_999, 66_000].map((ms) => NOW + ms),
      NOW + 0.5,
      Number.NaN,
      8.64e15,
      8.64e15 + 1,
      -0.5,
    ],
    apply: (d, v) => {
      d.now = v as number;
    },
  },
  {
    name: 'header bytes',
    values: BYTE_FORMS,
    apply: (d, v) => {
      d.headerBytes = bytesOf(d.header, v as string);
    },
  },
  {
    name: 'payload bytes',
    values: BYTE_FORMS,
    apply: (d, v) => {
      d.payloadBytes = bytesOf(d.claims, v as string);
    },
  },
  {
    name: 'part text',
    values: ['header', 'payload', 'signature'].flatMap((part) => Object.keys(TEXT_FORMS).map((form) => [part, form])),
    apply: (d, v) => {
      const [part, form] = v as [string, string];
      const change = TEXT_FORMS[form]!;
      if (part === 'header') d.headerText = change;
      else if (part === 'payload') d.payloadText = change;
      else d.signatureText = change;
    },
  },
  {
    name: 'signature',
    values: Object.keys(SIGNATURE_FORMS),
    apply: (d, v) => {
      d.signatureBytes = SIGNATURE_FORMS[v as string]!;
    },
  },
  {
    name: 'proof',
    values: Object.keys(PROOF_FORMS),
    apply: (d, v) => {
      d.proofText = PROOF_FORMS[v as string]!;
    },
  },
];

/** Each spoiler by name, applied in turn to a valid proof of the algorithm. */
export function spoiled(
  alg: (typeof VALID_ALGORITHMS)[number],
  spoilings: readonly (readonly [name: string, value: unknown])[],
  signers: Record<SignerName, Signer>,
): Draft {
  const draft = validDraft(alg, signers);
  for (const [name, value] of spoilings)
    SPOILERS.find((spoiler) => spoiler.name === name)!.apply(draft, value, signers);
  return draft;
}
