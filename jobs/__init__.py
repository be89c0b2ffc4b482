"""Background work: files, leveringen, koppelingen, retention and the e-mail outbox."""
