// Sales: hold music until an agent is free.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
    e.call.answer();
    e.call.startPlayback("https://example.com/hold.mp3", true);
});
