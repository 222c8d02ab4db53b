// After hours: record a message.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
    e.call.answer();
    e.call.record();
});
