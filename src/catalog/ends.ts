import { ConnectionEnd, EndKind, PeerKindId } from './model';

/** A row end that is one component of the four services. */
export function componentEnd(id: string, documented: string): ConnectionEnd {
  return { id, kind: EndKind.COMPONENT, components: [id], documented };
}

/** A row end that is a peer outside the four services' components. */
export function peerEnd(id: PeerKindId, documented: string): ConnectionEnd {
  return { id, kind: EndKind.PEER, components: [], documented };
}
