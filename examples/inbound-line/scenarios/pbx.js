// Calls from the office PBX (whitelisted by SipWhitelistEntry "office-pbx"): straight through.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  const out = VoxEngine.callPSTN(e.destination.replace(/^pbx-/, ""), e.callerid);
  VoxEngine.easyProcess(e.call, out);
});
