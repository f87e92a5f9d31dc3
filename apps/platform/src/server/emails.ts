/** The emails the platform sends, as plain text and simple, inline-styled HTML. */

export type TEmail = { to: string; subject: string; text: string; html: string };

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function layout(opts: { heading: string; paragraphs: string[]; action: { label: string; url: string }; footer: string }): string {
  const paragraphs = opts.paragraphs
    .map((p) => `<p style="margin:0 0 16px;font-size:14px;line-height:22px;color:#3f3f46">${escapeHtml(p)}</p>`)
    .join('');
  return `<!doctype html><html><body style="margin:0;padding:32px 16px;background:#f6f6f8;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0"><tr><td align="center">
<table role="presentation" width="100%" style="max-width:480px;background:#ffffff;border:1px solid #e4e4e7;border-radius:12px" cellspacing="0" cellpadding="0"><tr><td style="padding:32px">
<p style="margin:0 0 24px;font-size:14px;font-weight:600;color:#18181b">⛵ Shipyard</p>
<h1 style="margin:0 0 16px;font-size:20px;line-height:28px;color:#18181b">${escapeHtml(opts.heading)}</h1>
${paragraphs}
<p style="margin:24px 0"><a href="${escapeHtml(opts.action.url)}" style="display:inline-block;padding:10px 16px;background:#4f46e5;color:#ffffff;border-radius:8px;font-size:14px;font-weight:500;text-decoration:none">${escapeHtml(opts.action.label)}</a></p>
<p style="margin:0;font-size:12px;line-height:18px;color:#71717a">${escapeHtml(opts.footer)}<br><a href="${escapeHtml(opts.action.url)}" style="color:#4f46e5;word-break:break-all">${escapeHtml(opts.action.url)}</a></p>
</td></tr></table></td></tr></table></body></html>`;
}

export function resetPasswordEmail(opts: { to: string; name: string; url: string }): TEmail {
  const greeting = opts.name ? `Hi ${opts.name},` : 'Hi,';
  const intro = 'Someone (hopefully you) asked to reset the password of your Shipyard account.';
  const expiry = 'The link works once and expires in 1 hour. If you did not ask for this, ignore this email: your password stays the same.';
  return {
    to: opts.to,
    subject: 'Reset your Shipyard password',
    text: `${greeting}\n\n${intro}\n\nChoose a new password: ${opts.url}\n\n${expiry}\n`,
    html: layout({
      heading: 'Reset your password',
      paragraphs: [greeting, intro],
      action: { label: 'Choose a new password', url: opts.url },
      footer: `${expiry} Or paste this link into your browser:`,
    }),
  };
}

export function invitationEmail(opts: {
  to: string;
  organizationName: string;
  inviterName: string;
  role: string;
  url: string;
  expiresAt: Date;
}): TEmail {
  const line = `${opts.inviterName} invited you to join ${opts.organizationName} on Shipyard as ${opts.role === 'admin' ? 'an' : 'a'} ${opts.role}.`;
  const expiry = `The invitation expires on ${opts.expiresAt.toUTCString()}. If you were not expecting it, ignore this email.`;
  return {
    to: opts.to,
    subject: `${opts.inviterName} invited you to ${opts.organizationName} on Shipyard`,
    text: `${line}\n\nAccept the invitation: ${opts.url}\n\n${expiry}\n`,
    html: layout({
      heading: `Join ${opts.organizationName}`,
      paragraphs: [line],
      action: { label: 'View invitation', url: opts.url },
      footer: `${expiry} Or paste this link into your browser:`,
    }),
  };
}
