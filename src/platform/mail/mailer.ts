/**
 * Outgoing mail through nodemailer: SMTP when SMTP_URL is set, otherwise each message is written as an .eml file to
 * `<dataDir>/outbox/` so a single-server install works before mail is configured (design.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { newId } from '../ids.ts';

/** A message to send. Keep personal data out of subjects (they end up in logs of mail servers). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
}

/** Sends mail. Tests use an SMTP server they start (smtp-server) or read the outbox folder. */
export interface Mailer {
  send(msg: MailMessage): Promise<{ messageId: string }>;
}

/** The configured mailer. */
export function createMailer(opts: { smtpUrl?: string; from: string; outboxDir: string }): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      async send(msg) {
        const info = await transport.sendMail({ from: opts.from, ...msg });
        return { messageId: String(info.messageId) };
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(msg) {
      const info = await transport.sendMail({ from: opts.from, ...msg });
      mkdirSync(opts.outboxDir, { recursive: true, mode: 0o700 });
      const id = newId();
      writeFileSync(join(opts.outboxDir, `${id}.eml`), info.message as Buffer, { mode: 0o600 });
      return { messageId: String(info.messageId ?? id) };
    },
  };
}
