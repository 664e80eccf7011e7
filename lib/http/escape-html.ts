/** Text made safe inside HTML text and double-quoted attributes: the one escaper of the HTML we write by hand. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
