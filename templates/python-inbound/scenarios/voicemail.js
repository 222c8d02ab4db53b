// Every other call: take a message.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  e.call.answer();
  e.call.record({ hd_audio: true });
});
