export function preview(content: string, attachmentCount: number): string {
  const text = content.replace(/\s+/g, " ").trim();
  if (text) return text.slice(0, 140);
  return attachmentCount > 1 ? `📎 ${attachmentCount} attachments` : "📎 Attachment";
}
