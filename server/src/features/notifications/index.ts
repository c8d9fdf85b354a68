// The notifications feature's public surface: in-app notifications (mentions, assignments) and each
// agent's notification preferences. It owns `notifications` and `notification_preferences`.
export { createNotification, type NewNotification } from "./create-notification";
export { announceNotifications, type CreatedNotification, insertNotifications } from "./create-notifications";
export { registerNotificationListeners } from "./listeners";
export { getPreferences } from "./preferences";
export { notificationRoutes } from "./routes";
