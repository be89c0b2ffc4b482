"""Background work: the e-mail outbox now; leveringen, retention and expiry warnings later."""
