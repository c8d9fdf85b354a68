// The demo feature's public surface.
export { demoRoutes } from "./routes";
export { seedDemo } from "./seed";
