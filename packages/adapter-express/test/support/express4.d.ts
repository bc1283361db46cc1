// `express4` is an npm alias of express@4 (devDependency) so the same tests run on Express 4; the
// part of its API the tests use is what @types/express describes.
declare module 'express4' {
  import type { Express } from 'express';
  export default function express(): Express;
}
