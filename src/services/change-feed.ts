/**
 * Keeps the in-memory copies of several API processes in step: a process that changes automations, workflows,
 * the hierarchy or access publishes the topic, and every other process sharing the database reloads its copy.
 * On embedded SQLite there is one process and nothing to tell.
 */
import { randomUUID } from 'node:crypto';
import { Channel, type Notifications } from '../store/notifications.js';

/** `workflow:<lower-cased id>` names one workflow, `workflows` all of them. */
export type ChangeTopic = 'automations' | 'hierarchy' | 'access' | 'workflows' | `workflow:${string}`;

/** Everything cached, reloaded when changes may have been missed. */
const EVERYTHING: readonly ChangeTopic[] = ['automations', 'hierarchy', 'access', 'workflows'];

export class ChangeFeed {
  /** Tells this process's own notifications (PostgreSQL delivers them to the sender too) from the others'. */
  private readonly origin = randomUUID();

  constructor(private readonly notifications: Notifications) {}

  changed(topic: ChangeTopic): void {
    this.notifications.publish(Channel.Changed, `${this.origin} ${topic}`);
  }

  /** Handlers get the changes made by other processes, and every topic when some may have been missed. */
  onRemoteChange(handler: (topic: ChangeTopic) => void): void {
    this.notifications.subscribe(Channel.Changed, (payload) => {
      const space = payload.indexOf(' ');
      if (space < 0 || payload.slice(0, space) === this.origin) return;
      handler(payload.slice(space + 1) as ChangeTopic);
    });
    this.notifications.onReconnect(() => {
      for (const topic of EVERYTHING) handler(topic);
    });
  }
}
