export * from "./agents";
export * from "./capability-rules";
export * from "./channels";
export * from "./common";
export * from "./errors";
export * from "./inbox";
export * from "./realtime";
export * from "./widget";
