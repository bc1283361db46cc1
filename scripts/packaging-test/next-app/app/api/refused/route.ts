// An API route that refuses every token, as an API does once the token was revoked: callApi asks
// for a fresh token and tries once more, then hands the page the second 401. Its body matters:
// Next.js's fetch keeps a copy of it, which a call that waited to discard it would hang on.
let hits = 0;

export const GET = () =>
  Response.json(
    { error: 'invalid_token', hits: ++hits },
    { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
  );
