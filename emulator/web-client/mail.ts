/**
 * The chatter beside every form (`/mail/thread/data`, `/mail/thread/messages`) and the messaging
 * bootstrap at login, in each version's shape (17: plain dicts; 18: a store keyed by model). The
 * emulator keeps no messages: a record's chatter holds its creation note and its creator as
 * follower, which is what the web channel's records have on a real Odoo too.
 */
/** The user whose chatter it is. */
export interface MailUser {
  uid: number;
  partnerId: number;
  name: string;
  email: string;
}

export interface Thread {
  id: number;
  model: string;
  /** The record's name, shown in the message list. */
  name: string;
  /** Past draft: a confirmation or posting logged a second note. */
  changed: boolean;
}

/** Models whose chatter names a main attachment (they have `message_main_attachment_id`). */
const MAIN_ATTACHMENT = new Set(['account.move']);

/**
 * Who follows: the person who created the record. The web channel's people create their orders
 * and invoices; the deliveries a picker validates were created by procurement.
 */
const FOLLOWED_BY_CREATOR = new Set(['sale.order', 'account.move']);

/** The note a record's change logs, by model (its subtype's name). */
const CHANGE_NOTES: Record<string, string> = {
  'sale.order': 'Sales Order Confirmed',
  'account.move': 'Validated',
  'stock.picking': 'Note',
};

const now = () => new Date().toISOString().slice(0, 19).replace('T', ' ');
/** Ids of the emulator's notes and followers: one of each per record, derived from it. */
const noteId = (thread: Thread) => 1_000_000 + thread.id;
const followerId = (thread: Thread) => 2_000_000 + thread.id;

function partner17(user: MailUser) {
  return {
    id: user.partnerId,
    name: user.name,
    email: user.email,
    active: true,
    im_status: 'offline',
    is_company: false,
    write_date: now(),
    user: { id: user.uid, isInternalUser: true },
    type: 'partner',
  };
}

function follower17(thread: Thread, user: MailUser) {
  return {
    id: followerId(thread),
    partner_id: user.partnerId,
    name: user.name,
    display_name: user.name,
    email: user.email,
    is_active: true,
    partner: partner17(user),
  };
}

export function threadData(version: number, thread: Thread, user: MailUser, canWrite: boolean) {
  // A person who changed the record (validated a delivery) follows it from then on.
  const following = FOLLOWED_BY_CREATOR.has(thread.model) || thread.changed;
  if (version < 18) {
    const follower = follower17(thread, user);
    return {
      hasWriteAccess: canWrite,
      hasReadAccess: true,
      canPostOnReadonly: false,
      activities: [],
      attachments: [],
      followersCount: following ? 1 : 0,
      selfFollower: following ? follower : null,
      followers: following ? [follower] : [],
      recipientsCount: 0,
      recipients: [],
      suggestedRecipients: [],
      ...(MAIN_ATTACHMENT.has(thread.model) ? { mainAttachment: false } : {}),
    };
  }
  return {
    'mail.followers': following
      ? [
          {
            display_name: user.name,
            email: user.email,
            id: followerId(thread),
            is_active: true,
            name: user.name,
            partner: { id: user.partnerId, type: 'partner' },
            partner_id: user.partnerId,
            thread: { id: thread.id, model: thread.model },
          },
        ]
      : [],
    'mail.thread': [
      {
        activities: [],
        areAttachmentsLoaded: true,
        attachments: [],
        canPostOnReadonly: false,
        followers: [],
        followersCount: following ? 1 : 0,
        hasReadAccess: true,
        hasWriteAccess: canWrite,
        id: thread.id,
        isLoadingAttachments: false,
        model: thread.model,
        recipients: [],
        recipientsCount: 0,
        scheduledMessages: [],
        selfFollower: following ? followerId(thread) : false,
        suggestedRecipients: [],
        ...(MAIN_ATTACHMENT.has(thread.model) ? { mainAttachment: false } : {}),
      },
    ],
    'res.partner': [partner18(user)],
  };
}

function partner18(user: MailUser) {
  return {
    active: true,
    avatar_128_access_token: `${user.partnerId}`.padStart(64, '0'),
    email: user.email,
    id: user.partnerId,
    im_status: 'offline',
    isInternalUser: true,
    is_company: false,
    name: user.name,
    userId: user.uid,
    write_date: now(),
  };
}

interface Note {
  id: number;
  subtype: string;
}

const describedSubtype = (subtype: string) => (subtype === 'Note' ? false : subtype);

/** 17's `/mail/thread/messages`: each message whole, its author inline. */
function messages17(notes: Note[], thread: Thread, user: MailUser, created: string) {
  return {
    messages: notes.map((note) => ({
      id: note.id,
      body: '<p>Created</p>',
      date: created,
      email_from: `"${user.name}" <${user.email}>`,
      message_type: 'notification',
      subtype_id: [2, note.subtype],
      subject: false,
      model: thread.model,
      res_id: thread.id,
      record_name: thread.name,
      starred_partner_ids: [],
      author: {
        id: user.partnerId,
        name: user.name,
        is_company: false,
        user: { id: user.uid, isInternalUser: true },
        type: 'partner',
      },
      default_subject: thread.name,
      notifications: [],
      attachments: [],
      trackingValues: [],
      linkPreviews: [],
      reactions: [],
      pinned_at: false,
      create_date: created,
      write_date: created,
      needaction_partner_ids: [],
      history_partner_ids: [],
      is_note: note.subtype === 'Note',
      is_discussion: false,
      subtype_description: describedSubtype(note.subtype),
      recipients: [],
      scheduledDatetime: false,
      module_icon: '/base/static/description/icon.png',
      sms_ids: [],
    })),
  };
}

/** 18's: the records in a store by model, the messages as ids into it. */
function messages18(notes: Note[], thread: Thread, user: MailUser, created: string) {
  if (notes.length === 0) return { data: {}, messages: [] };
  return {
    data: {
      'mail.message': notes.map((note) => ({
        attachment_ids: [],
        author: { id: user.partnerId, type: 'partner' },
        body: '<p>Created</p>',
        create_date: created,
        date: created,
        default_subject: thread.name,
        email_from: `"${user.name}" <${user.email}>`,
        id: note.id,
        is_discussion: false,
        is_note: note.subtype === 'Note',
        linkPreviews: [],
        message_type: 'notification',
        model: thread.model,
        needaction: false,
        notifications: [],
        pinned_at: false,
        reactions: [],
        recipients: [],
        record_name: thread.name,
        res_id: thread.id,
        scheduledDatetime: false,
        starred: false,
        subject: false,
        subtype_description: describedSubtype(note.subtype),
        thread: { id: thread.id, model: thread.model },
        trackingValues: [],
        write_date: created,
      })),
      'mail.thread': [
        {
          id: thread.id,
          model: thread.model,
          module_icon: '/base/static/description/icon.png',
          name: thread.name,
        },
      ],
      'res.partner': [
        {
          avatar_128_access_token: `${user.partnerId}`.padStart(64, '0'),
          id: user.partnerId,
          isInternalUser: true,
          is_company: false,
          name: user.name,
          userId: user.uid,
          write_date: created,
        },
      ],
    },
    messages: notes.map((note) => note.id),
  };
}

/**
 * A record's notes newer than `after`: its creation, and once it left draft the change that took
 * it there (a confirmation, a posting). Invoices log under their own subtype.
 */
export function threadMessages(version: number, thread: Thread, user: MailUser, after?: number) {
  const notes = [
    { id: noteId(thread), subtype: thread.model === 'account.move' ? 'Invoice Created' : 'Note' },
    ...(thread.changed
      ? [{ id: noteId(thread) + 1, subtype: CHANGE_NOTES[thread.model] ?? 'Note' }]
      : []),
  ].filter((note) => !after || note.id > after);
  return version < 18
    ? messages17(notes, thread, user, now())
    : messages18(notes, thread, user, now());
}
