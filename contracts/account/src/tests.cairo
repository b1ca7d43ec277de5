mod setup;
mod signing;
mod test_rules;
mod test_sessions;
mod test_signature;
mod test_spending;
mod test_validate;
