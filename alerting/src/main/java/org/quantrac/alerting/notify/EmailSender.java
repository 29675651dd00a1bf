package org.quantrac.alerting.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.quantrac.alerting.config.SmtpConfig;
import org.quantrac.alerting.lifecycle.AlertEvent;

/**
 * Sends alert e-mails over SMTP (Jakarta Mail / Angus). The {@code Message-ID} is derived from the idempotency key so
 * a mail server or client can recognise a repeat sent after an unclear failure.
 */
public final class EmailSender {

    private final SmtpConfig config;
    private final Session session;
    private final Messages messages;

    public EmailSender(SmtpConfig config, Messages messages) {
        this.config = config;
        this.messages = messages;
        Properties p = new Properties();
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", String.valueOf(config.port()));
        p.put("mail.smtp.connectiontimeout", String.valueOf(config.timeout().toMillis()));
        p.put("mail.smtp.timeout", String.valueOf(config.timeout().toMillis()));
        p.put("mail.smtp.writetimeout", String.valueOf(config.timeout().toMillis()));
        p.put("mail.smtp.starttls.enable", String.valueOf(config.startTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(config.startTls()));
        p.put("mail.smtp.auth", String.valueOf(!config.username().isEmpty()));
        this.session = Session.getInstance(p);
    }

    public void send(Subscription s, String stationCode, List<AlertEvent> events, String key)
            throws DeliveryException {
        Messages.Text text = events.size() == 1 ? messages.single(events.get(0), s.language())
                : messages.digest(stationCode, events, s.language());
        try {
            MimeMessage m = new KeyedMessage(session, key);
            m.setFrom(new InternetAddress(config.from()));
            for (String to : s.emailTo()) {
                m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            m.setSubject(text.subject(), "UTF-8");
            m.setText(text.body(), "UTF-8");
            m.setSentDate(new Date());
            m.setHeader("X-Quantrac-Delivery", key);
            if (config.username().isEmpty()) {
                Transport.send(m);
            } else {
                Transport.send(m, config.username(), config.password());
            }
        } catch (AddressException | SendFailedException e) {
            throw new DeliveryException("e-mail to " + s.emailTo() + " rejected: " + e.getMessage(), true, e);
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP " + config.host() + ":" + config.port() + " failed: " + e, false, e);
        }
    }

    /** A message whose Message-ID is fixed by the delivery key instead of generated on each save. */
    private static final class KeyedMessage extends MimeMessage {
        private final String key;

        KeyedMessage(Session session, String key) {
            super(session);
            this.key = key;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + key.replaceAll("[^A-Za-z0-9._-]", "-") + "@quantrac>");
        }
    }
}
