// Canned responses' public surface: the routes app.ts mounts. The table (canned_responses) is this feature's own.
export { cannedResponseRoutes } from "./routes";
