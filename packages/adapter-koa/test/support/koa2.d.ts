// `koa2` is an npm alias of koa@2 (devDependency) so the same tests run on Koa 2; its
// runtime API is what @types/koa describes.
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
