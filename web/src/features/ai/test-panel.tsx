/** PLACEHOLDER (the responder's author replaces it): the AI settings page's test panel and batch test. */
export function AiTestPanel() {
  return null;
}
