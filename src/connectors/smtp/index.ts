export { office365Connector, smtpConnector } from './smtp-connector.js';
export { createNodemailerMailSender, type NodemailerMailSenderOptions } from './nodemailer-mail-sender.js';
export { SendEmailInputsSchema } from './send-email-inputs.js';
