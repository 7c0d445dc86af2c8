import { el } from '../dom.js';
import { deleteMeeting, getMeeting, socketToken, updateMeeting } from '../api.js';
import { userPage } from '../layout.js';
import { ChatPanel } from '../chat/panel.js';
import { BoardPanel } from '../board/panel.js';
import { FilesPanel } from '../files/panel.js';
import { errorsOf, formAlert, handleSubmit, submitButton } from '../forms.js';
import {
  checkMeeting, copyLinkButton, joinLinkText, liveRegion, meetingBody, meetingFields, roleLabel, startTime,
} from '../meetings.js';
import { LiveWatcher, liveBadge } from '../live.js';
import { invitationsPanel } from './invitations.js';

const NOT_FOUND = "This meeting doesn't exist or you're not a member.";

/**
 * A meeting's page (`#/meetings/<id>`): "Join call", its details, join link, chat and files for every member;
 * for the host, a form to change it and a two-step delete.
 * @param {{user: {displayName: string}, pathParams: {id: string},
 *          navigate: (path: string, options?: object) => void, signedOut: (notice: object) => void}} context
 * @returns {DocumentFragment}
 */
export function renderMeeting({ user, pathParams, navigate, signedOut, onLeave }) {
  let chat = null;
  let board = null;
  // "Live · N people" on the call panel, kept current by pushes while this page is open.
  const watcher = new LiveWatcher();
  const badge = liveBadge();
  onLeave?.(() => {
    chat?.dispose();
    board?.dispose();
    watcher.close();
  });
  const live = liveRegion();
  const heading = el('h1', { tabindex: -1, 'data-testid': 'meeting-title' }, 'Meeting');
  const body = el('div', { class: 'meeting-body' });
  const page = userPage({ user, signedOut, className: 'meeting-page' },
    el('p', { class: 'back' }, el('a', { href: '#/' }, 'Back to your meetings')),
    heading,
    live.element,
    body);

  const load = async () => {
    body.replaceChildren(el('p', { class: 'hint', role: 'status' }, 'Loading the meeting…'));
    body.setAttribute('aria-busy', 'true');
    try {
      const meeting = await getMeeting(pathParams.id);
      // The user may have moved on to another page meanwhile; leave its title alone.
      if (heading.isConnected) show(meeting);
    } catch (error) {
      if (heading.isConnected) showFailure(error);
    } finally {
      body.removeAttribute('aria-busy');
    }
  };

  const show = (meeting) => {
    heading.textContent = meeting.title;
    document.title = `${meeting.title} · Parley`;
    let current = meeting;
    const summary = el('div', { class: 'meeting-summary' });
    const showChat = () => {
      chat?.element.scrollIntoView({ block: 'start' });
      chat?.heading.focus();
    };
    const showSummary = () => summary.replaceChildren(...summaryPanels(current, live.announce, badge, showChat).filter(Boolean));
    showSummary();
    const saved = (updated) => {
      current = { ...updated, role: updated.role ?? current.role };
      heading.textContent = current.title;
      document.title = `${current.title} · Parley`;
      showSummary();
    };
    const deleted = (text) => navigate('/', { notice: { kind: 'info', text } });
    watcher.add(meeting.id, badge);
    watcher.watch([meeting.id]).catch(() => {});
    chat?.dispose();
    const ended = meeting.status === 'ended';
    chat = new ChatPanel({ target: { meetingId: meeting.id }, title: ended ? 'Chat history' : 'Meeting chat',
      testId: 'meeting-chat' });
    chat.setVisible(true);
    board?.dispose();
    board = null;
    const boardSection = el('section', { class: 'surface meeting-board', 'aria-label': 'Whiteboard' },
      el('h2', {}, 'Whiteboard'),
      el('button', {
        type: 'button', class: 'button secondary', 'data-testid': 'meeting-board-open',
        onclick: (event) => {
          board = new BoardPanel({ meetingId: meeting.id, token: socketToken, host: false, readOnly: true });
          event.currentTarget.replaceWith(board.element);
          board.start();
        },
      }, 'Show the whiteboard'));
    body.replaceChildren(el('div', { class: 'meeting-grid' },
      summary,
      el('div', { class: 'surface meeting-chat' }, chat.element),
      boardSection,
      new FilesPanel({ meetingId: meeting.id, announce: live.announce }).element,
      meeting.role === 'host'
        ? el('div', { class: 'meeting-manage' }, editPanel(meeting, saved), invitationsPanel(meeting),
          deletePanel(() => current, deleted))
        : el('div', { class: 'meeting-manage' },
          meeting.role === 'co-host' && meeting.status !== 'ended' ? invitationsPanel(meeting) : null,
          el('p', { class: 'hint' }, 'Only the host can change or delete this meeting.'))));
  };

  const showFailure = (error) => {
    // An id the server cannot even read (400) is as missing as one it does not know.
    if (error.status === 404 || error.status === 400) {
      heading.textContent = 'Meeting not found';
      body.replaceChildren(
        el('div', { class: 'alert', role: 'alert', 'data-testid': 'meeting-missing' }, NOT_FOUND),
        el('p', { class: 'switch' }, el('a', { href: '#/' }, 'Go to your meetings')));
      return;
    }
    const retry = el('button', { type: 'button', class: 'button secondary', onclick: load }, 'Try again');
    body.replaceChildren(el('div', { class: 'alert', role: 'alert' }, `Could not load the meeting. ${error.message}`),
      el('p', { class: 'actions' }, retry));
  };

  load();
  return page;
}

/**
 * The call (with whether it is live), the details and the join link, as every member sees them; an
 * ended meeting says so and offers its chat history (`showChat`) instead of a link nobody can use.
 */
function summaryPanels(meeting, announce, badge, showChat) {
  const settings = meeting.settings ?? {};
  const link = joinLinkText(meeting.joinUrl, { testId: 'join-link' });
  const fact = (term, ...value) => [el('dt', {}, term), el('dd', {}, ...value)];
  return [
    el('section', { class: 'surface call-panel', 'aria-labelledby': 'call-heading' },
      el('h2', { id: 'call-heading' }, 'Video call'),
      badge.element,
      meeting.status === 'ended'
        ? [
          el('p', { 'data-testid': 'call-ended' }, 'This meeting has ended. Its chat history stays here to read.'),
          el('button', { type: 'button', class: 'button secondary', 'data-testid': 'chat-history-open', onclick: showChat },
            'Read the chat history'),
        ]
        : [
          el('p', { class: 'hint' }, 'Check your camera and microphone, then join the others.'),
          el('a', { class: 'button primary', href: `#/room/${encodeURIComponent(meeting.id)}`, 'data-testid': 'join-call' },
            'Join call'),
        ]),
    el('section', { class: 'surface', 'aria-labelledby': 'details-heading' },
      el('h2', { id: 'details-heading' }, 'Details'),
      meeting.description ? el('p', { class: 'description', 'data-testid': 'meeting-description' }, meeting.description) : null,
      el('dl', { class: 'facts' },
        fact('Starts', startTime(meeting.scheduledStart)),
        fact('Your role', roleLabel(meeting.role) || 'Member'),
        fact('Status', meeting.status === 'ended' ? 'Ended' : 'Open'),
        fact('Guests', settings.guestsAllowed ? 'Allowed with just a name' : 'Only people with an account'),
        fact('Lobby', settings.lobby ? 'On: the host lets each person in' : 'Off'),
        fact('Participant limit', `${settings.participantLimit} people`))),
    meeting.status === 'ended' ? null : el('section', { class: 'surface', 'aria-labelledby': 'link-heading' },
      el('h2', { id: 'link-heading' }, 'Join link'),
      el('p', { class: 'hint' }, settings.guestsAllowed
        ? 'Anyone with this link can join, with an account or as a guest.'
        : 'Anyone with this link and a Parley account can join.'),
      el('div', { class: 'link-row' }, link, copyLinkButton({ url: meeting.joinUrl, announce, linkText: () => link }))),
  ];
}

/** The host's form for title, description, start and settings. */
function editPanel(meeting, saved) {
  const fields = meetingFields({ idPrefix: 'edit', meeting });
  const submit = submitButton({ label: 'Save changes', busyLabel: 'Saving…', testId: 'meeting-edit-submit' });
  const alert = formAlert();
  const done = el('p', { class: 'saved', role: 'status', 'data-testid': 'meeting-saved' });
  const form = el('form', { class: 'form', novalidate: true },
    alert, Object.values(fields).map((field) => field.element), submit.element, done);
  handleSubmit({
    form, fields, submit, alert,
    validate: () => {
      done.textContent = '';
      return errorsOf(checkMeeting(fields));
    },
    action: async () => {
      saved(await updateMeeting(meeting.id, meetingBody(fields)));
      done.textContent = 'Changes saved.';
    },
  });
  return el('section', { class: 'surface', 'aria-labelledby': 'edit-heading' },
    el('h2', { id: 'edit-heading' }, 'Edit meeting'), form);
}

/** "Delete meeting", then a confirm step naming the meeting. */
function deletePanel(currentMeeting, deleted) {
  const alert = el('div', { class: 'alert', role: 'alert' });
  const start = el('button', { type: 'button', class: 'button danger', 'data-testid': 'meeting-delete' },
    'Delete meeting');
  const question = el('p', { id: 'delete-question' });
  const confirmText = el('span', {}, 'Yes, delete it');
  const confirm = el('button', { type: 'button', class: 'button danger', 'data-testid': 'meeting-delete-confirm',
    'aria-describedby': 'delete-question' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), confirmText);
  const cancel = el('button', { type: 'button', class: 'button secondary' }, 'Cancel');
  const confirmBox = el('div', { class: 'confirm', hidden: true },
    question, el('div', { class: 'button-row' }, confirm, cancel));

  start.addEventListener('click', () => {
    alert.textContent = '';
    question.textContent = `Delete “${currentMeeting().title}” for everyone? Its link stops working, and this can't be undone.`;
    start.hidden = true;
    confirmBox.hidden = false;
    cancel.focus();
  });
  cancel.addEventListener('click', () => {
    confirmBox.hidden = true;
    start.hidden = false;
    start.focus();
  });
  confirm.addEventListener('click', async () => {
    const { id, title } = currentMeeting();
    alert.textContent = '';
    setBusy(true);
    try {
      await deleteMeeting(id);
      deleted(`“${title}” was deleted.`);
    } catch (error) {
      setBusy(false);
      if (error.status === 404) {
        deleted('That meeting no longer exists.');
        return;
      }
      alert.textContent = `Could not delete the meeting. ${error.message}`;
      confirm.focus();
    }
  });
  function setBusy(busy) {
    confirm.disabled = busy;
    cancel.disabled = busy;
    confirm.classList.toggle('busy', busy);
    confirmText.textContent = busy ? 'Deleting…' : 'Yes, delete it';
  }

  return el('section', { class: 'surface danger-zone', 'aria-labelledby': 'delete-heading' },
    el('h2', { id: 'delete-heading' }, 'Delete meeting'),
    el('p', { class: 'hint' }, 'Removes the meeting for everyone who joined it.'),
    alert, start, confirmBox);
}
