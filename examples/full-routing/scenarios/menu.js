// A DTMF menu: 1 for sales, 2 for support.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  e.call.addEventListener(CallEvents.ToneReceived, (tone) => {
    Logger.write(`caller pressed ${tone.tone}`);
  });
  e.call.handleTones(true);
});
