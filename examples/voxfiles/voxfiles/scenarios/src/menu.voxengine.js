// Toll-free menu: 1 for sales, 2 for support.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
    e.call.handleTones(true);
    e.call.addEventListener(CallEvents.ToneReceived, (tone) => {
        Logger.write(`menu choice ${tone.tone}`);
    });
});
