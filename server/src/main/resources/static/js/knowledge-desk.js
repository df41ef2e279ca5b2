// The desk's article picker: puts an article's link or text into the reply box at the cursor.
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-kb-insert]');
  if (!button) {
    return;
  }
  var box = document.getElementById('body');
  if (!box) {
    return;
  }
  var insert = button.dataset.kbInsert === 'link'
    ? button.dataset.kbTitle + ': ' + button.dataset.kbUrl
    : button.dataset.kbText;
  var start = box.selectionStart || box.value.length;
  var end = box.selectionEnd || box.value.length;
  var before = box.value.substring(0, start);
  var glue = before.length > 0 && !/\s$/.test(before) ? '\n' : '';
  box.value = before + glue + insert + box.value.substring(end);
  var at = (before + glue + insert).length;
  box.focus();
  box.setSelectionRange(at, at);
  box.dispatchEvent(new Event('input', { bubbles: true }));
});
