export * from "./agents";
export * from "./channels";
export * from "./common";
export * from "./errors";
export * from "./inbox";
export * from "./realtime";
export * from "./values";
export * from "./widget";
