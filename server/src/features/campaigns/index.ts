// The campaigns feature's public surface (issue 9 §3): it owns campaigns and campaign_recipients,
// and reaches contacts (inbox) and the WhatsApp sender (channels) through their index.ts.
export { campaignWinnerJob } from "./choose-winner";
export { campaignDispatchJob } from "./dispatch";
export { registerCampaignListeners } from "./listeners";
export { campaignRoutes } from "./routes";
export { campaignEngagement } from "./engagement";
