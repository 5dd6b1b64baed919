#!/usr/bin/env node
// Adds lock entries for optional platform packages the registry here does not serve, so that
// `npm ci` finds the lock in sync; npm skips them on this platform.
const fs = require('fs');
const file = process.argv[2];
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let added = 0;
const guess = (name) => {
  const os = /darwin/.test(name) ? 'darwin' : /win32/.test(name) ? 'win32' : /android/.test(name) ? 'android' : /freebsd/.test(name) ? 'freebsd' : /linux/.test(name) ? 'linux' : undefined;
  const cpu = /arm64|aarch64/.test(name) ? 'arm64' : /ia32/.test(name) ? 'ia32' : /x64/.test(name) ? 'x64' : /arm/.test(name) ? 'arm' : undefined;
  const libc = /musl/.test(name) ? 'musl' : /gnu/.test(name) && os === 'linux' ? 'glibc' : undefined;
  return { os, cpu, libc };
};
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dep, spec] of Object.entries(entry.optionalDependencies || {})) {
    const base = path === '' ? 'node_modules/' : `${path}/node_modules/`;
    if (lock.packages[`${base}${dep}`] || lock.packages[`node_modules/${dep}`]) continue;
    const g = guess(dep);
    const e = { version: spec.replace(/^[\^~=]/, ''), optional: true };
    if (g.os) e.os = [g.os];
    if (g.cpu) e.cpu = [g.cpu];
    if (g.libc) e.libc = [g.libc];
    lock.packages[`node_modules/${dep}`] = e;
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} entries`);
