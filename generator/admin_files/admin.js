/* The admin's own code, run after Decap CMS (decap-cms.js) has loaded: the widgets of the open
   channel list and of the directory's 事项, the preview pane laid out as the site's page with the site's stylesheet, the removal of fields left empty
   before a file is saved (`check` refuses an empty value), names for Decap's unnamed controls, and
   then the start of the CMS with config.yml. Everything is served from this folder: nothing is fetched from elsewhere. */
(function () {
  'use strict';
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  var ATTACHMENTS = '上传附件';  // cms.ATTACHMENTS

  // 公开渠道和载体 is an open list: the standard channels are offered, any other text is kept as written.
  var OpenChoice = createClass({
    handleChange: function (event) { this.props.onChange(event.target.value); },
    render: function () {
      var props = this.props, listId = props.forID + '-choices';
      var options = props.field.get('options');
      var items = options ? options.toArray() : [];
      return h('div', null,
        h('input', {
          type: 'text', id: props.forID, className: props.classNameWrapper, value: props.value || '', list: listId,
          autoComplete: 'off', onChange: this.handleChange, onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
        }),
        h('datalist', {id: listId}, items.map(function (name) { return h('option', {key: name, value: name}); })));
    },
  });
  var OpenChoicePreview = createClass({
    render: function () { return h('span', null, this.props.value || ''); },
  });
  CMS.registerWidget('open-choice', OpenChoice, OpenChoicePreview);

  /* The directory's 一级事项 and 二级事项 (cms.DIRECTORY_WIDGET): real <select>s with an empty option, the second
     offering only the 二级事项 of the 一级事项 chosen in the first. Decap re-renders a control only when its own value
     changes, so the 一级事项 select announces each choice on the document and the 二级事项 select listens for it.
     A saved value the list lacks is kept, shown, and said so; one that `check` would refuse stops the save. */
  var ITEM_CHOSEN = 'gk-directory-item';
  var fold = window.GK_FOLD;
  var DirectoryItem = createClass({
    getInitialState: function () {
      var parent = this.props.field.get('parent');
      return {parent: parent ? String(this.props.getEntry().getIn(['data', parent]) || '') : null};
    },
    componentDidMount: function () { document.addEventListener(ITEM_CHOSEN, this.handleChosen); },
    componentWillUnmount: function () { document.removeEventListener(ITEM_CHOSEN, this.handleChosen); },
    handleChosen: function (event) {
      if (event.detail.field === this.props.field.get('parent')) this.setState({parent: event.detail.value});
    },
    handleChange: function (event) {
      var value = event.target.value;
      this.props.onChange(value);
      document.dispatchEvent(new CustomEvent(ITEM_CHOSEN, {detail: {field: this.props.field.get('name'), value: value}}));
    },
    // The options offered: the directory's (一级事项), or the chosen 一级事项's (二级事项; null before one is chosen).
    choices: function () {
      var field = this.props.field, parent = this.state.parent;
      if (parent === null) return field.get('options').toArray();
      if (!parent) return null;
      var group = field.get('options_by_parent').toJS().filter(function (g) { return fold(g.parent) === fold(parent); })[0];
      return group ? group.options : [];
    },
    // What `check` would say of the value, or '' (the validator's own rules, validate.validate_entry).
    problem: function (value, choices) {
      var field = this.props.field, parent = this.state.parent;
      if (!choices || !choices.length) return '';
      if (!value) return parent ? '一级事项“' + parent + '”下须选择' + field.get('label') : '';
      if (choices.some(function (name) { return fold(name) === fold(value); })) return '';
      return parent ? '“' + value + '”不是一级事项“' + parent + '”下的' + field.get('label') + '，请重新选择'
        : '“' + value + '”不在本领域的标准目录中，请重新选择';
    },
    isValid: function () {
      var message = this.problem(this.props.value || '', this.choices());
      return message ? {error: {type: 'CUSTOM', message: message}} : true;
    },
    render: function () {
      var props = this.props, value = props.value || '', choices = this.choices(), parent = this.state.parent;
      var label = props.field.get('label'), noteId = props.forID + '-note';
      var problem = value ? this.problem(value, choices) : '';  // an empty choice is named only when saving
      var note = problem || (choices === null ? '请先选择' + props.field.get('parent') + '，再选择' + label
        : !choices.length ? '一级事项“' + parent + '”下没有' + label + '，不用选择' : '');
      var options = [h('option', {key: '', value: ''}, choices && choices.length ? '（请选择' + label + '）' : '（不选）')]
        .concat((choices || []).map(function (name) { return h('option', {key: name, value: name}, name); }));
      if (value && (choices || []).indexOf(value) < 0) {
        options.push(h('option', {key: value, value: value}, value + (problem ? '（已保存的值，不在列表中）' : '')));
      }
      return h('div', null,
        h('select', {
          id: props.forID, className: props.classNameWrapper, value: value, onChange: this.handleChange,
          onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle, 'aria-describedby': note ? noteId : undefined,
        }, options),
        note ? h('p', {id: noteId, className: problem ? 'gk-note gk-problem' : 'gk-note'}, note) : null);
    },
  });
  CMS.registerWidget('directory-item', DirectoryItem, OpenChoicePreview, {
    properties: {parent: {type: 'string'}, options: {type: 'array', items: {type: 'string'}}, options_by_parent: {type: 'array'}},
  });

  CMS.registerPreviewStyle(new URL('site.css', document.baseURI).href);

  // The preview laid out as the site's page (themes/default/templates/entry.html): the title, the fields as
  // the page's list of facts, the body; the site's stylesheet does the rest.
  function text(value) {
    if (value === null || value === undefined) return '';
    if (typeof value.toJS === 'function') value = value.toJS();
    if (Array.isArray(value)) return value.map(text).filter(Boolean).join('、');
    if (typeof value === 'object') return '';  // a table of the annual report: see the published page
    return String(value);
  }
  var Page = createClass({
    render: function () {
      var data = this.props.entry.get('data'), fields = this.props.fields.toArray();
      var title = text(data.get('标题')) || text(data.get('二级事项')) || text(data.get('一级事项'));
      var facts = fields.filter(function (field) {
        var name = field.get('name');
        return name !== 'body' && name !== '标题' && name !== ATTACHMENTS && text(data.get(name));
      }).map(function (field) {
        var name = field.get('name');
        return h('div', {key: name}, h('dt', null, field.get('label')), h('dd', null, text(data.get(name))));
      });
      var hasBody = fields.some(function (field) { return field.get('name') === 'body'; });
      return h('div', {className: 'wrap page'}, h('main', {id: 'main'},
        h('h1', null, title), h('dl', {className: 'fields'}, facts),
        hasBody ? h('div', {className: 'prose'}, this.props.widgetFor('body')) : null));
    },
  });
  (window.GK_COLLECTIONS || []).forEach(function (name) { CMS.registerPreviewTemplate(name, Page); });

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === 'string') return value.trim() === '';
    if (typeof value.size === 'number' && typeof value.filter === 'function') return value.size === 0;
    return false;
  }
  // Immutable maps and lists alike: emptied items go, then emptied containers.
  function prune(value) {
    if (value && typeof value.size === 'number' && typeof value.map === 'function' && typeof value.filter === 'function') {
      return value.map(prune).filter(function (item) { return !isEmpty(item); });
    }
    return value;
  }
  // 上传附件 is no field of the file: each file uploaded there (saved beside the file) becomes a link at the end of the body.
  function linkAttachments(data) {
    var uploaded = data.get(ATTACHMENTS);
    if (!uploaded) return data;
    var body = data.get('body') || '';
    uploaded.forEach(function (path) {
      if (!path || body.indexOf('](' + path + ')') >= 0) return;
      var name = decodeURIComponent(String(path).split('/').pop());
      body = (body.trim() ? body.replace(/\s*$/, '') + '\n\n' : '') + '[附件：' + name + '](' + path + ')\n';
    });
    return data.delete(ATTACHMENTS).set('body', body);
  }
  CMS.registerEventListener({name: 'preSave', handler: function (event) { return prune(linkAttachments(event.entry.get('data'))); }});

  // Controls Decap leaves without an accessible name (axe: frame-title, aria-input-field-name, button-name,
  // aria-command-name), or with an English one that does not hold its visible text (label-content-name-mismatch).
  function labelOf(element, fallback) {
    var field = element.closest('[class*="ControlContainer"]');
    var label = field && field.querySelector('label');
    return label ? label.textContent : fallback;
  }
  function name(element, text) {
    if (!element.getAttribute('aria-label')) element.setAttribute('aria-label', text);
  }
  new MutationObserver(function () {
    /* Decap's login page and entry editor are outside any landmark and the login page has no heading (axe: landmark-one-main,
       region, page-has-heading-one; its collection pages have their own <main> and <h1>): each view's own container
       becomes the main landmark, and the login page is headed by the admin's title. */
    var login = document.querySelector('[class*="StyledAuthenticationPage"]');
    var editor = document.querySelector('[class*="AppMainContainer"] > [class*="EditorContainer"]');
    [login, editor].forEach(function (view) { if (view && !view.getAttribute('role')) view.setAttribute('role', 'main'); });
    if (login && !login.querySelector('h1')) {
      var heading = document.createElement('h1');
      heading.className = 'gk-login-title';
      heading.textContent = document.title;
      login.insertBefore(heading, login.firstChild);
    }
    // The loading bar Decap draws at the top of the page (a bare <canvas> on the body) is decoration.
    document.querySelectorAll('body > canvas:not([aria-hidden])').forEach(function (bar) { bar.setAttribute('aria-hidden', 'true'); });
    var frame = document.getElementById('preview-pane');
    if (frame && !frame.title) frame.title = '预览';
    document.querySelectorAll('[data-slate-editor="true"]').forEach(function (editor) { name(editor, labelOf(editor, '正文')); });
    // A list item's bar: the fold button, the drag handle, the remove button.
    document.querySelectorAll('[class*="StyledListItemTopBar"]').forEach(function (bar) {
      var what = labelOf(bar, '此项');
      var buttons = bar.querySelectorAll(':scope > button');
      if (buttons.length === 2) {
        name(buttons[0], '展开或收起' + what + '的这一项');
        name(buttons[1], '删除' + what + '的这一项');
      }
      var handle = bar.querySelector(':scope > [aria-roledescription="sortable"]');
      if (handle) name(handle, '拖动调整' + what + '的顺序');
    });
    document.querySelectorAll('button[data-testid="now-button"]').forEach(function (button) {
      var label = '现在（把' + labelOf(button, '日期') + '设为现在）';
      if (button.getAttribute('aria-label') !== label) button.setAttribute('aria-label', label);
    });
  }).observe(document.body, {childList: true, subtree: true});

  CMS.init();
})();
