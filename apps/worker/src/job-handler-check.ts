import { JOBS, QUEUES } from '@app/common';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

const QUEUE_META = 'bull:module_queue';
const PROCESS_META = 'bull:module_queue_process';

/** Fails the worker's start unless every declared job name has exactly one handler (and no handler serves an unknown name). */
@Injectable()
export class JobHandlerCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const found = new Map<string, number>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const queue = Reflect.getMetadata(QUEUE_META, wrapper.metatype) as { name?: string } | undefined;
      if (!queue) continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const meta = Reflect.getMetadata(PROCESS_META, (instance as Record<string, unknown>)[method] as object) as
          { name?: string } | undefined;
        if (meta?.name) found.set(`${queue.name}/${meta.name}`, (found.get(`${queue.name}/${meta.name}`) ?? 0) + 1);
      }
    }
    const declared = Object.entries(JOBS).flatMap(([queueKey, jobs]) =>
      Object.values(jobs).map((job) => `${QUEUES[queueKey as keyof typeof QUEUES]}/${job}`),
    );
    const problems = [
      ...declared.filter((d) => found.get(d) !== 1).map((d) => `${d}: ${found.get(d) ?? 0} handler(s)`),
      ...[...found.keys()].filter((f) => !declared.includes(f)).map((f) => `${f}: handler for an undeclared job`),
    ];
    if (problems.length) throw new Error(`Job handlers do not match libs/common/src/queues/queue-names.ts:\n  ${problems.join('\n  ')}`);
  }
}
