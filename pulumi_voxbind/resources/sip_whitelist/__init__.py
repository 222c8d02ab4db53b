"""SipWhitelistEntry: inputs (check), planning (diff), operations, provider, resource."""
