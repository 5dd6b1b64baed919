/** A TCP port free on 127.0.0.1 right now: the product's own helper (it finds one for a private Redis). */
export { freePort } from '../../src/redis.js';
