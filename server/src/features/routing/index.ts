// Routing's public surface: who answers a conversation that needs a person (teams, availability,
// capacity, the waiting queue). Depends on inbox and agents; nothing depends on routing but ai and app.ts.
export { type HumanRequest, type HumanRequestResult, requestHuman } from "./request-human";
export { drainQueue } from "./drain";
export { registerRoutingListeners, routeUnhandled } from "./listeners";
export { routingRoutes } from "./routes";
