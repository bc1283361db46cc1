/**
 * A port free on 127.0.0.1 now, for an app a test starts. It lies below the kernel's ephemeral
 * range (the demo's own rule): a port that `listen(0)` handed out and took back can go to any
 * outgoing connection of a test running beside this one before the app binds it.
 */
export { anyFreePort as freePort } from '../../demo/src/ports.js';
