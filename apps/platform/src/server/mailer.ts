import type { Logger } from '@shipyard/core';
import { createTransport } from 'nodemailer';
import type { TPlatformDb } from './db';
import type { TEmail } from './emails';

export type TMailer = {
  /** `smtp` sends for real; `outbox` keeps the email in the database for /dev/mail. */
  readonly driver: 'smtp' | 'outbox';
  send(email: TEmail): Promise<void>;
};

/**
 * SMTP when a URL is configured; otherwise every email is stored in the OutboxEmail table so
 * password-reset and invitation links work on a machine with no mail server.
 */
export function createMailer(deps: { smtpUrl: string | null; from: string; db: TPlatformDb; logger: Logger }): TMailer {
  const logger = deps.logger.child({ component: 'mailer' });
  if (deps.smtpUrl) {
    const transport = createTransport(deps.smtpUrl);
    return {
      driver: 'smtp',
      async send(email) {
        try {
          await transport.sendMail({ from: deps.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
          logger.info({ subject: email.subject }, 'email sent');
        } catch (error) {
          logger.error({ err: error, subject: email.subject }, 'email could not be sent');
          throw new Error(`The email "${email.subject}" could not be sent through SMTP_URL; check the mail server settings.`, {
            cause: error,
          });
        }
      },
    };
  }
  return {
    driver: 'outbox',
    async send(email) {
      await deps.db.outboxEmail.create({ data: email });
      // The body carries one-time links: log that it exists, not what it says.
      logger.info({ subject: email.subject }, 'email stored in the outbox (no SMTP_URL); read it at /dev/mail');
    },
  };
}
