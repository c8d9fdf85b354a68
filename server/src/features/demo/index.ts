// The demo feature's public surface.
export { seedDemo } from "./seed";
